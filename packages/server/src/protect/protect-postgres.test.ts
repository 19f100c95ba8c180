// Protecting Sakila columns in place on postgres (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaPostgres } from "../testing/sakila.js";
import { protectSuite } from "./protect-suite.js";

protectSuite(() => loadSakilaPostgres(), { sm4Column: "district" });
