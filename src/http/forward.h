// Forward declarations of the http module's types.

#pragma once

namespace esep::http {

struct Request;
struct Response;
struct Route;
class Router;
class EventPublisher;
class StaticFiles;
class Server;
struct ServerOptions;

}  // namespace esep::http
