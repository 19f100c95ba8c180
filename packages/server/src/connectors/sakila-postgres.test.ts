// Connector acceptance on the real Sakila schema in postgres (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaPostgres } from "../testing/sakila.js";
import { sakilaSuite } from "./sakila-suite.js";

sakilaSuite(() => loadSakilaPostgres());
