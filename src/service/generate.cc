#include "service/generate.h"

#include "io/election_data.h"

namespace esep::service {

Result<GenerateOutcome> Generate(const GenerateRequest& request) {
  // A bad option is reported before the directory: the first thing to fix comes first.
  ASSIGN_OR_RETURN(const model::ElectionData like,
                   io::LoadElectionDirectory(request.like_directory));
  RETURN_IF_ERROR(synth::CheckGeneratorOptions(like, request.options));
  const InputPath like_directory{"--like", request.like_directory};
  RETURN_IF_ERROR(CheckOutputDirectory({"--out", request.out}, kGeneratedFiles,
                                       {&like_directory, 1}, request.overwrite));
  GenerateOutcome outcome{.like_id = like.definition.id()};
  ASSIGN_OR_RETURN(AtomicDirectory staged, AtomicDirectory::Create(request.out));
  ASSIGN_OR_RETURN(outcome.summary,
                   synth::GenerateElection(like, request.options, staged.path().string()));
  RETURN_IF_ERROR(staged.Commit(kGeneratedFiles));
  return outcome;
}

}  // namespace esep::service
