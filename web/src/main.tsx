// The entry point: mounts the application shell into #app.
import { render } from "preact";

import { App } from "./app";
import { language } from "./i18n";
import "./styles.css";

document.documentElement.lang = language.value;
const root = document.getElementById("app");
if (root !== null) render(<App />, root);
