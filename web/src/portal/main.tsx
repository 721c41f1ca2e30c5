// The portal's entry point: mounts the shell into #portal and follows the hash routes.
import { render } from "preact";

import { Portal } from "./app";
import { language } from "./i18n";
import { followHash } from "./route";
import "./portal.css";

document.documentElement.lang = language.value;
followHash();
const root = document.getElementById("portal");
if (root !== null) render(<Portal />, root);
