// Forward declarations of the model module's types.

#pragma once

namespace esep::model {

struct Party;
struct Region;
struct District;
struct Commission;
class ElectionDefinition;
struct ListResultRow;
struct PublishedListResults;
struct PublishedDistrictResult;
struct TurnoutByHour;
struct ElectionData;
struct DefinitionFile;

}  // namespace esep::model
