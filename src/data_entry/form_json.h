// The JSON of a protocol form (docs/formats/entry-form.md): its lines and its control ratios as
// data, which the web application draws and evaluates as the typist types, and which
// `GET /api/v1/protocols/{id}/form` serves.
//
// Pure function; thread-safe.

#pragma once

#include <nlohmann/json.hpp>

#include "data_entry/form_definition.h"

namespace esep::data_entry {

// {"protocol": ..., "contest": {...}, "lines": [...], "ratios": [...]}, keys in the documented
// order. Example: FormJson(form).dump() is the body of the form route.
nlohmann::ordered_json FormJson(const FormDefinition& form);

// One control ratio as FormJson writes it in "ratios" (the shape of `GET /api/v1/ratios`).
nlohmann::ordered_json RatioJson(const protocol::ControlRatio& ratio);

}  // namespace esep::data_entry
