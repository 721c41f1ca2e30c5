// English messages: the reference catalogue. kk.ts and ru.ts must have exactly these keys (the
// compiler checks it through the MessageKey type; i18n.test.ts checks it again at run time).
// "{name}" is a placeholder filled by t(key, {name: ...}).
export const en = {
  "app.title": "esep: protocol entry",
  "app.skip": "Skip to the main content",
  "app.language": "Language",
  "app.user": "{name} · commission {commission}",
  "app.log_out": "Log out",
  "app.loading": "Loading…",

  "login.heading": "Log in",
  "login.user": "User name",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.failed": "The user name or the password is wrong.",
  "login.throttled": "Too many failed attempts. Wait a little and try again.",

  "password.heading": "Choose your own password",
  "password.explain":
    "You logged in with a password the administrator gave you. Choose your own password before you continue.",
  "password.current": "Current password",
  "password.new": "New password",
  "password.repeat": "Repeat the new password",
  "password.mismatch": "The two new passwords differ.",
  "password.too_short": "The new password must have at least {min} characters.",
  "password.submit": "Save the new password",
  "password.refused":
    "The server did not accept the password: the current password is wrong or the new one is too simple.",

  "home.heading": "Open a protocol",
  "home.protocol": "Protocol",
  "home.protocol_hint":
    "The commission and the contest, e.g. P-1:list (party lists) or P-1:d3 (district 3).",
  "home.entry": "Entry",
  "home.entry_1": "First entry",
  "home.entry_2": "Second entry",
  "home.open": "Open",

  "form.heading": "Protocol {protocol} · entry {entry}",
  "form.contest_list": "Election by party lists",
  "form.contest_district": "Single-member territorial district No. {district}",
  "form.keys_help":
    "Enter or ↓: next line · ↑: previous line · Shift+Enter: finish · Alt+G: go to line",
  "form.goto": "Go to line",
  "form.goto_button": "Go",
  "form.goto_unknown": "There is no line {line} on this form.",
  "form.col_number": "Line",
  "form.col_line": "Item",
  "form.col_value": "Figure",
  "form.invalid_number": "Type a whole number, 0 or more, in digits.",
  "form.too_large": "This number is too large.",
  "form.save_saving": "Saving…",
  "form.save_saved": "Every typed figure is saved",
  "form.save_pending": "Not saved yet",
  "form.save_failed": "Not saved ({reason}). What you typed stays in this window and will be sent again.",
  "form.conflict_heading": "This entry was saved elsewhere",
  "form.conflict":
    "Another window or browser saved this entry after you opened it. What you typed here since then was not saved. Reload the entry to continue from the saved copy.",
  "form.reload": "Reload the entry",
  "form.finish": "Finish the entry",
  "form.blocked_errors": "Errors to correct: {count}.",
  "form.blocked_warnings": "Warnings to acknowledge: {count}.",
  "form.blocked_blank": "Lines not typed yet: {count}. Type 0 where the paper protocol says 0.",
  "form.finished": "The entry is finished.",
  "form.read_only": "This entry is finished; it can no longer be changed here.",
  "form.finish_failed": "The server did not accept the entry: {reason}",
  "form.load_failed": "The protocol cannot be opened: {reason}",

  "ratios.heading": "Control ratios",
  "ratios.status_ok": "Holds",
  "ratios.status_error": "Error",
  "ratios.status_warning": "Warning",
  "ratios.status_pending": "Waiting for figures",
  "ratios.status_skipped": "Not applicable",
  "ratios.acknowledge": "Checked: the paper protocol says so",
  "ratios.sides": "left {left}, right {right}",
  "ratios.announce_error": "Error {id}: {message}",
  "ratios.announce_warning": "Warning {id}: {message}",
  "ratios.announce_ok": "{id} holds now.",
  "ratios.summary": "Errors: {errors} · Warnings: {warnings}",

  "error.unauthenticated": "Your session has ended. Log in again.",
  "error.permission_denied": "You do not have the right to do this.",
  "error.not_found": "not found",
  "error.network": "no connection to the server",
  "error.server": "server error {code}",

  "line.voters_on_list": "Number of voters on the voter list",
  "line.voters_added_on_day": "of whom added to the voter list on election day",
  "line.ballots_received": "Number of ballots received by the precinct election commission",
  "line.ballots_issued_premises": "Number of ballots issued to voters in the polling premises",
  "line.ballots_issued_mobile":
    "Number of ballots issued to voters for voting outside the polling premises",
  "line.ballots_issued_absentee": "of which issued to voters on absentee certificates",
  "line.ballots_unused": "Number of unused (cancelled) ballots",
  "line.ballots_spoiled": "Number of spoiled ballots",
  "line.ballots_in_stationary_boxes": "Number of ballots found in the stationary ballot boxes",
  "line.ballots_in_mobile_boxes": "Number of ballots found in the portable ballot boxes",
  "line.invalid_ballots": "Number of invalid ballots",
  "line.valid_ballots": "Number of valid ballots",
  "line.against_all": "Number of votes “against all”",
  "line.turnout_reported_during_day":
    "Number of voters who had voted, as last reported during the day",
  "line.sum_of_choices": "Votes for all parties or candidates",
  "line.choice": "Votes for: {name}",

  "ratio.KZ-01":
    "Every ballot received must be accounted for: issued in the premises, issued for mobile voting, left unused and cancelled, or spoiled.",
  "ratio.KZ-02": "The boxes cannot hold more ballots than were issued to voters.",
  "ratio.KZ-03": "Every ballot found in the boxes is either valid or invalid.",
  "ratio.KZ-04":
    "Each valid ballot carries exactly one vote: for a list or candidate, or against all.",
  "ratio.KZ-05": "No more ballots can be issued than there are voters on the list.",
  "ratio.KZ-06":
    "The mobile boxes cannot hold more ballots than were issued for mobile voting.",
  "ratio.KZ-07":
    "Ballots issued on absentee certificates are part of the ballots issued in the premises.",
  "ratio.KZ-08": "Voters added on election day are part of the voters on the list.",
  "ratio.KZ-09":
    "The turnout reported during the day cannot exceed the ballots issued by the close; a higher figure means the daytime report or the protocol is wrong.",
  "ratio.KZ-10":
    "Each voter receives both ballots, so the party-list and the district protocol of one precinct should show the same ballots issued (absentee voters from another district are the one legitimate exception).",
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
