// User administration: the accounts of the administrator's commission and below — add one (with
// a first password the user must change at the first login), give one a new first password,
// disable one (nothing is deleted; its sessions end). Chairs and coordinators see the list
// only. Every change is sent with the account's version, so two administrators cannot both win.
import { useEffect, useState } from "preact/hooks";

import {
  addUser,
  ApiError,
  disableUser,
  getUsers,
  kRoles,
  resetPassword,
  type NewUser,
  type Role,
  type UserRow,
} from "../api";
import { t, type MessageKey } from "../i18n";
import { session } from "../session";
import { errorText } from "./errors";

export function roleLabel(role: Role): string {
  return t(`role.${role}` as MessageKey);
}

function changeError(caught: unknown): string {
  if (caught instanceof ApiError && caught.isConflict) return t("users.stale");
  if (caught instanceof ApiError && caught.field !== null) return `${caught.field}: ${caught.message}`;
  return errorText(caught);
}

export function UsersScreen() {
  const me = session.value;
  const isAdministrator = me?.role === "administrator";
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState<NewUser>({
    login: "",
    name: "",
    role: "typist",
    commission: me?.commission ?? "",
    password: "",
  });

  async function load() {
    try {
      setUsers(await getUsers());
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  async function submitNew(event: Event) {
    event.preventDefault();
    try {
      const added = await addUser(draft);
      setNotice(t("users.added", { login: added.login }));
      setDraft({ ...draft, login: "", name: "", password: "" });
      setFailure(null);
    } catch (caught) {
      setFailure(changeError(caught));
    }
    await load();
  }

  async function reset(user: UserRow) {
    const password = window.prompt(t("users.reset_prompt", { login: user.login }));
    if (password === null || password === "") return;
    try {
      await resetPassword(user.id, user.version, password);
      setNotice(t("users.reset_done", { login: user.login }));
      setFailure(null);
    } catch (caught) {
      setFailure(changeError(caught));
    }
    await load();
  }

  async function disable(user: UserRow) {
    try {
      await disableUser(user.id, user.version);
      setNotice(t("users.disabled_done", { login: user.login }));
      setFailure(null);
    } catch (caught) {
      setFailure(changeError(caught));
    }
    await load();
  }

  function field(name: "login" | "name" | "commission" | "password", type = "text") {
    return (
      <div>
        <label for={`new-${name}`}>{t(`users.${name}` as MessageKey)}</label>
        <input
          id={`new-${name}`}
          type={type}
          autocomplete={type === "password" ? "new-password" : "off"}
          required
          value={draft[name]}
          onInput={(event) => setDraft({ ...draft, [name]: event.currentTarget.value })}
        />
      </div>
    );
  }

  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">{t("users.heading")}</h1>
      {notice !== null ? (
        <div class="message ok" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{failure}</p>
        </div>
      ) : null}
      {isAdministrator ? (
        <form class="card list-controls" onSubmit={(event) => void submitNew(event)}>
          <h2 class="full-width">{t("users.add_heading")}</h2>
          {field("login")}
          {field("name")}
          <div>
            <label for="new-role">{t("users.role")}</label>
            <select
              id="new-role"
              value={draft.role}
              onChange={(event) => setDraft({ ...draft, role: event.currentTarget.value as Role })}
            >
              {kRoles.map((role) => (
                <option value={role}>{roleLabel(role)}</option>
              ))}
            </select>
          </div>
          {field("commission")}
          {field("password", "password")}
          <button type="submit">{t("users.add")}</button>
        </form>
      ) : null}
      {users !== null ? (
        <table class="protocols users">
          <caption class="visually-hidden">{t("users.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.login")}</th>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.commission")}</th>
              <th scope="col">{t("users.state")}</th>
              {isAdministrator ? <th scope="col">{t("list.col_actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr data-user={user.login}>
                <th scope="row">{user.login}</th>
                <td>{user.name}</td>
                <td>{roleLabel(user.role)}</td>
                <td>{user.commission}</td>
                <td>
                  {user.disabled
                    ? t("users.state_disabled")
                    : user.must_change_password
                      ? t("users.state_first_password")
                      : t("users.state_active")}
                </td>
                {isAdministrator ? (
                  <td>
                    <div class="actions">
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => void reset(user)}
                      >
                        {t("users.reset")}
                        <span class="visually-hidden"> ({user.login})</span>
                      </button>
                      {user.disabled ? null : (
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => void disable(user)}
                        >
                          {t("users.disable")}
                          <span class="visually-hidden"> ({user.login})</span>
                        </button>
                      )}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
