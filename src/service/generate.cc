#include "service/generate.h"

#include "io/election_data.h"

namespace esep::service {

Result<GenerateOutcome> Generate(const GenerateRequest& request) {
  ASSIGN_OR_RETURN(const model::ElectionData like,
                   io::LoadElectionDirectory(request.like_directory));
  GenerateOutcome outcome{.like_id = like.definition.id()};
  ASSIGN_OR_RETURN(outcome.summary, synth::GenerateElection(like, request.options, request.out));
  return outcome;
}

}  // namespace esep::service
