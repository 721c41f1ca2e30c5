#include "data_entry/finalise_review.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "protocol/validation.h"

namespace esep::data_entry {

namespace {

// The typed lines a ratio involves (the computed sum of choices stands for every choice line),
// in the paper's order, without repeats.
std::vector<std::string> RatioKeys(const FormDefinition& form,
                                   const protocol::ControlRatio& ratio) {
  std::vector<std::string> keys;
  auto add = [&](const protocol::Side& side) {
    for (protocol::Figure figure : side) {
      if (figure == protocol::Figure::kSumOfChoices) {
        for (int choice = 1; choice <= form.choices(); ++choice) {
          keys.push_back(ChoiceKey(choice));
        }
      } else {
        keys.emplace_back(FigureKey(figure));
      }
    }
  };
  add(ratio.left);
  add(ratio.right);
  std::sort(keys.begin(), keys.end(), PaperOrder());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

const protocol::ControlRatio* FindRatio(const FormDefinition& form, std::string_view id) {
  for (const protocol::ControlRatio& ratio : form.ratios) {
    if (ratio.id == id) {
      return &ratio;
    }
  }
  return nullptr;
}

bool Contains(std::span<const std::string> list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

Status FinaliseReview::ToStatus() const {
  if (refusals.empty()) {
    return OkStatus();
  }
  std::vector<std::string> messages;
  messages.reserve(refusals.size());
  for (const Refusal& refusal : refusals) {
    messages.push_back(refusal.message);
  }
  return FailedPreconditionError(fmt::format("{}", fmt::join(messages, "; ")));
}

Result<FinaliseReview> ReviewFinalise(const FormDefinition& form, const FormValues& values,
                                      std::span<const std::string> acknowledged_warnings,
                                      ConfirmHasErrors confirm) {
  RETURN_IF_ERROR(CheckValues(form, values));
  for (const std::string& id : acknowledged_warnings) {
    const protocol::ControlRatio* ratio = FindRatio(form, id);
    if (ratio == nullptr || ratio->severity != protocol::Severity::kWarning) {
      return InvalidArgumentError(fmt::format(
          "acknowledged_warnings: '{}' is not a warning of the form of {}", id, form.protocol_id));
    }
  }
  FinaliseReview review;
  const bool all_blank = std::none_of(values.begin(), values.end(),
                                      [](const auto& item) { return item.second.has_value(); });
  if (all_blank) {
    review.refusals.push_back(
        {std::string(kRuleBlank), {}, "blank: no line is typed; a blank protocol is refused"});
    return review;
  }
  for (const FormLine& line : form.lines) {
    if (line.required && !ValueOf(values, line.key).has_value()) {
      review.refusals.push_back(
          {std::string(kRuleComplete),
           {line.key},
           fmt::format("values.{}: line {} ({}) is blank (rule '{}': every numbered line is "
                       "typed, 0 for none)",
                       line.key, line.number.value_or(0), line.label, kRuleComplete)});
    }
  }
  if (!review.ok()) {
    return review;  // the ratios need every figure
  }
  const bool all_zero = std::all_of(values.begin(), values.end(), [](const auto& item) {
    return !item.second.has_value() || *item.second == 0;
  });
  if (all_zero) {
    review.refusals.push_back(
        {std::string(kRuleAllZero),
         {},
         fmt::format("every line is 0 (rule '{}'): an all-zero protocol is refused",
                     kRuleAllZero)});
    return review;
  }
  ASSIGN_OR_RETURN(const protocol::Protocol protocol, ToProtocol(form, values));
  const protocol::ValidationReport report = protocol::Validate(protocol, form.ratios);
  for (const protocol::Finding& finding : report.findings) {
    const protocol::ControlRatio* ratio = FindRatio(form, finding.rule_id);
    const std::vector<std::string> keys =
        ratio != nullptr ? RatioKeys(form, *ratio) : std::vector<std::string>{};
    if (finding.severity == protocol::Severity::kWarning) {
      if (Contains(acknowledged_warnings, finding.rule_id)) {
        review.acknowledged_warnings.push_back(finding.rule_id);
      } else {
        review.refusals.push_back(
            {finding.rule_id, keys,
             fmt::format("values {}: warning {} is not acknowledged; acknowledge it to finalise "
                         "({})",
                         fmt::join(keys, ", "), finding.rule_id, finding.message)});
      }
    } else if (confirm == ConfirmHasErrors::kYes) {
      review.confirmed_errors.push_back(finding.rule_id);
    } else {
      review.refusals.push_back(
          {finding.rule_id, keys,
           fmt::format("values {}: error {} blocks finalising; correct the typing, or confirm "
                       "that the paper itself says so ({})",
                       fmt::join(keys, ", "), finding.rule_id, finding.message)});
    }
  }
  return review;
}

}  // namespace esep::data_entry
