// Protecting Sakila columns in place on sqlite (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaSqlite } from "../testing/sakila.js";
import { protectSuite } from "./protect-suite.js";

protectSuite(() => loadSakilaSqlite(), { sm4Column: "phone" });
