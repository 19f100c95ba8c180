/** Finding and erasing one data subject's rows in an operator store: schema model, dataset, planner. */
export * from "./subject-dataset.js";
export * from "./subject-plan.js";
export * from "./subject-schema.js";
