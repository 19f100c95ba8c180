// Connector acceptance on the real Sakila schema in sqlite (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaSqlite } from "../testing/sakila.js";
import { sakilaSuite } from "./sakila-suite.js";

sakilaSuite(() => loadSakilaSqlite());
