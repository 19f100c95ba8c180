// Connector acceptance on the real Sakila schema in mysql (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaMysql } from "../testing/sakila.js";
import { sakilaSuite } from "./sakila-suite.js";

sakilaSuite(() => loadSakilaMysql());
