// Protecting Sakila columns in place on mysql (always the real engine, whatever PIPGUARD_TEST_DB says).
import { loadSakilaMysql } from "../testing/sakila.js";
import { protectSuite } from "./protect-suite.js";

protectSuite(() => loadSakilaMysql(), { sm4Column: "phone" });
