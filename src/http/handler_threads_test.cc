// Where handlers run and how they answer: a blocking handler's timeout, an answer that comes
// later from another thread (Response::Later), an I/O-thread handler that moves to the worker
// pool (Response::OnWorkers), and a graceful stop with a request in flight.

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "http/internal/server_test_util.h"
#include "http/server.h"

namespace esep::http {
namespace {

using namespace esep::http::testing;  // NOLINT(google-build-using-namespace): the test helpers

TEST(ServerTest, BlockingHandlerTimeoutAnswers503AndCancels) {
  Router router;
  std::promise<bool> saw_cancel;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/slow",
                        .name = "slow",
                        .options = {.execution = Execution::kWorkerPool,
                                    .timeout = std::chrono::milliseconds(100)},
                        .handler =
                            [&](const Request& request) {
                              released.wait();
                              saw_cancel.set_value(request.cancelled->load());
                              return Response::Json(200, {});
                            }})
                  .ok());
  auto server = StartServer(std::move(router));
  Client client(server->port());
  Reply reply = client.Send(bhttp::verb::get, "/api/slow");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.json()["error"]["code"], "unavailable");
  release.set_value();
  EXPECT_TRUE(saw_cancel.get_future().get());
}

// Response::Later(): the answer comes through request.answer from another thread, before or
// after the handler returns, with the handler's headers; a second answer, or one for an earlier
// request of the same connection, is dropped; an answer that never comes is the timeout's 503.
TEST(ServerTest, LaterAnswersComeFromAnyThreadOnce) {
  std::mutex mutex;
  std::vector<std::thread> answerers;  // joined at the end
  const auto answer_from_thread = [&](std::function<void(Response)> answer,
                                      std::vector<std::pair<int, std::string>> answers) {
    const std::lock_guard<std::mutex> lock(mutex);
    answerers.emplace_back([answer = std::move(answer), answers = std::move(answers)] {
      for (const auto& [after_ms, body] : answers) {
        std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
        Response response = Response::Json(200, {{"answer", body}});
        response.headers.set("X-Answer", body);
        response.headers.set("X-Both", "the answer's");
        answer(std::move(response));
      }
    });
  };
  Router router;
  for (const Execution execution : {Execution::kWorkerPool, Execution::kIoThread}) {
    const std::string where = execution == Execution::kWorkerPool ? "worker" : "io";
    ASSERT_TRUE(
        router
            .Add({.method = "GET",
                  .pattern = "/api/" + where + "/{mode}",
                  .name = "later-" + where,
                  .options = {.execution = execution, .timeout = std::chrono::milliseconds(300)},
                  .handler =
                      [&](const Request& request) {
                        const std::string mode(request.param("mode"));
                        if (mode == "before") {  // answered before the handler returns
                          request.answer(Response::Json(200, {{"answer", "before"}}));
                        } else if (mode == "twice") {  // the second comes 100 ms later
                          answer_from_thread(request.answer, {{20, "first"}, {100, "second"}});
                        } else if (mode == "slow") {
                          answer_from_thread(request.answer, {{200, "slow"}});
                        }  // "never": no answer at all
                        Response later = Response::Later();
                        later.headers.set("X-Handler", "set");
                        later.headers.set("X-Both", "the handler's");
                        return later;
                      }})
            .ok());
  }
  auto server = StartServer(std::move(router));
  for (const std::string where : {"worker", "io"}) {
    Client client(server->port());
    const Reply before = client.Send(bhttp::verb::get, "/api/" + where + "/before");
    EXPECT_EQ(before.status, 200) << where;
    EXPECT_EQ(before.json()["answer"], "before") << where;
    EXPECT_EQ(before.header("X-Handler"), "set") << where;
    const Reply twice = client.Send(bhttp::verb::get, "/api/" + where + "/twice");
    EXPECT_EQ(twice.json()["answer"], "first") << where;
    EXPECT_EQ(twice.header("X-Answer"), "first") << where;
    EXPECT_EQ(twice.header("X-Handler"), "set") << where;
    EXPECT_EQ(twice.header("X-Both"), "the answer's") << where;
    // The same connection's next request: the first request's second answer comes while it
    // waits for its own, and is not taken for it.
    const Reply slow = client.Send(bhttp::verb::get, "/api/" + where + "/slow");
    EXPECT_EQ(slow.json()["answer"], "slow") << where;
    const Reply never = client.Send(bhttp::verb::get, "/api/" + where + "/never");
    EXPECT_EQ(never.status, 503) << where;
    EXPECT_EQ(never.json()["error"]["code"], "unavailable") << where;
    EXPECT_TRUE(client.Closed()) << where;
  }
  server->Stop();
  const std::lock_guard<std::mutex> lock(mutex);
  for (std::thread& answerer : answerers) {
    answerer.join();
  }
}

// request.answer_with: the answer is made on the connection's I/O thread, not the thread that
// finished the work; it is made even when the answer is no longer wanted (the timeout's 503 came
// first and the connection closed: then on the finishing thread), and a maker that throws
// answers 500.
TEST(ServerTest, AnswersMadeOnTheIoThreadAreMadeOnce) {
  std::mutex mutex;
  std::vector<std::thread> finishers;  // joined at the end
  std::atomic<int> made = 0;
  std::atomic<int> made_on_finisher = 0;  // of the answers still wanted ("now", "throws")
  Router router;
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/made/{mode}",
                        .name = "made",
                        .options = {.execution = Execution::kWorkerPool,
                                    .timeout = std::chrono::milliseconds(300)},
                        .handler =
                            [&](const Request& request) {
                              const std::string mode(request.param("mode"));
                              const int delay_ms = mode == "late" ? 500 : 10;
                              const std::lock_guard<std::mutex> lock(mutex);
                              finishers.emplace_back([&, mode, delay_ms,
                                                      answer_with = request.answer_with] {
                                std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
                                const std::thread::id finisher = std::this_thread::get_id();
                                answer_with([&, mode, finisher]() -> Response {
                                  ++made;
                                  if (std::this_thread::get_id() == finisher && mode != "late") {
                                    ++made_on_finisher;
                                  }
                                  if (mode == "throws") {
                                    throw std::runtime_error("no answer");
                                  }
                                  return Response::Json(200, {{"made", mode}});
                                });
                              });
                              Response later = Response::Later();
                              later.headers.set("X-Handler", "set");
                              return later;
                            }})
                  .ok());
  auto server = StartServer(std::move(router));
  Client client(server->port());
  const Reply made_reply = client.Send(bhttp::verb::get, "/api/made/now");
  EXPECT_EQ(made_reply.status, 200);
  EXPECT_EQ(made_reply.json()["made"], "now");
  EXPECT_EQ(made_reply.header("X-Handler"), "set");
  const Reply thrown = client.Send(bhttp::verb::get, "/api/made/throws");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.json()["error"]["code"], "internal_error");
  Client late_client(server->port());
  const Reply late = late_client.Send(bhttp::verb::get, "/api/made/late");
  EXPECT_EQ(late.status, 503);  // the timeout's answer; the made one, later, is dropped
  {
    const std::lock_guard<std::mutex> lock(mutex);
    for (std::thread& finisher : finishers) {
      finisher.join();
    }
    finishers.clear();
  }
  // The late answer is still made (its maker's other work must happen).
  for (int waited = 0; made.load() < 3 && waited < 200; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(made.load(), 3);
  EXPECT_EQ(made_on_finisher.load(), 0);
  server->Stop();
}

// Response::OnWorkers(): a kIoThread handler that would have to block is called again on the
// worker pool, with request.may_block set; asked for from the worker pool, it is a 500.
TEST(ServerTest, AnIoThreadHandlerMovesToTheWorkerPool) {
  std::atomic<int> calls_on_io_thread = 0;
  Router router;
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/move",
                        .name = "move",
                        .handler =
                            [&](const Request& request) {
                              if (!request.may_block) {
                                ++calls_on_io_thread;
                                return Response::OnWorkers();
                              }
                              Response response = Response::Json(200, {{"moved", true}});
                              response.headers.set("X-Answer", "from the worker pool");
                              return response;
                            }})
                  .ok());
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/again",
                        .name = "again",
                        .options = {.execution = Execution::kWorkerPool},
                        .handler = [](const Request&) { return Response::OnWorkers(); }})
                  .ok());
  auto server = StartServer(std::move(router));
  Client client(server->port());
  const Reply moved = client.Send(bhttp::verb::get, "/api/move");
  EXPECT_EQ(moved.status, 200);
  EXPECT_EQ(moved.json()["moved"], true);
  EXPECT_EQ(moved.header("X-Answer"), "from the worker pool");
  EXPECT_EQ(calls_on_io_thread.load(), 1);
  const Reply again = client.Send(bhttp::verb::get, "/api/again");
  EXPECT_EQ(again.status, 500);
  EXPECT_EQ(again.json()["error"]["code"], "internal_error");
}

TEST(ServerTest, StopFinishesAnInFlightBlockingRequest) {
  Router router;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(router
                  .Add({.method = "GET",
                        .pattern = "/api/work",
                        .name = "work",
                        .options = {.execution = Execution::kWorkerPool},
                        .handler =
                            [&](const Request&) {
                              entered.set_value();
                              released.wait();
                              return Response::Json(200, {{"done", true}});
                            }})
                  .ok());
  auto server = StartServer(std::move(router));
  Client idle(server->port());
  Client client(server->port());
  std::future<Reply> reply = std::async(
      std::launch::async, [&client] { return client.Send(bhttp::verb::get, "/api/work"); });
  entered.get_future().wait();
  std::thread stopper([&server] { server->Stop(); });
  EXPECT_TRUE(idle.Closed());  // idle connections close at once
  release.set_value();
  Reply done = reply.get();
  stopper.join();
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.json()["done"], true);
  EXPECT_EQ(done.header("Connection"), "close");
  EXPECT_TRUE(client.Closed());
}

}  // namespace
}  // namespace esep::http
