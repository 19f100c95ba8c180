import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";
import { registerCrud } from "./crud.js";
import { registerCatalogIoRoutes } from "./io-routes.js";
import {
  CreateFieldSchema,
  CreatePurposeSchema,
  CreateRecipientSchema,
  CreateRetentionRuleSchema,
  CreateStoreSchema,
  CreateSystemSchema,
  DataStoreSchema,
  FieldQuerySchema,
  FieldSchema,
  PatchFieldSchema,
  PatchPurposeSchema,
  PatchRecipientSchema,
  PatchRetentionRuleSchema,
  PatchStoreSchema,
  PatchSystemSchema,
  PurposeSchema,
  RecipientSchema,
  RetentionRuleSchema,
  StoreQuerySchema,
  SystemSchema,
} from "./schemas.js";
import { registerTaxonomyRoutes } from "./taxonomy-routes.js";

/** Routes of the catalog area (data map): entity CRUD, taxonomy, import/export and the record of processing. */
export function registerCatalogRoutes(app: OpenAPIHono<AppEnv>): void {
  registerTaxonomyRoutes(app);
  registerCatalogIoRoutes(app);
  registerCrud(app, {
    segment: "systems",
    noun: "system",
    entity: SystemSchema,
    create: CreateSystemSchema,
    patch: PatchSystemSchema,
    list: (svc) => svc.listSystems(),
    get: (svc, id) => svc.getSystem(id),
    add: (svc, body) => svc.createSystem(body),
    update: (svc, id, body) => svc.updateSystem(id, body),
    remove: (svc, id) => svc.deleteSystem(id),
  });
  registerCrud(app, {
    segment: "stores",
    noun: "data store",
    entity: DataStoreSchema,
    create: CreateStoreSchema,
    patch: PatchStoreSchema,
    query: StoreQuerySchema,
    list: (svc, q: { systemId?: string }) => svc.listStores(q),
    get: (svc, id) => svc.getStore(id),
    add: (svc, body) => svc.createStore(body),
    update: (svc, id, body) => svc.updateStore(id, body),
    remove: (svc, id) => svc.deleteStore(id),
  });
  registerCrud(app, {
    segment: "fields",
    noun: "field",
    entity: FieldSchema,
    create: CreateFieldSchema,
    patch: PatchFieldSchema,
    query: FieldQuerySchema,
    list: (svc, q: { storeId?: string }) => svc.listFields(q),
    get: (svc, id) => svc.getField(id),
    add: (svc, body) => svc.createField(body),
    update: (svc, id, body) => svc.updateField(id, body),
    remove: (svc, id) => svc.deleteField(id),
  });
  registerCrud(app, {
    segment: "purposes",
    noun: "purpose",
    entity: PurposeSchema,
    create: CreatePurposeSchema,
    patch: PatchPurposeSchema,
    list: (svc) => svc.listPurposes(),
    get: (svc, id) => svc.getPurpose(id),
    add: (svc, body) => svc.createPurpose(body),
    update: (svc, id, body) => svc.updatePurpose(id, body),
    remove: (svc, id) => svc.deletePurpose(id),
  });
  registerCrud(app, {
    segment: "recipients",
    noun: "recipient",
    entity: RecipientSchema,
    create: CreateRecipientSchema,
    patch: PatchRecipientSchema,
    list: (svc) => svc.listRecipients(),
    get: (svc, id) => svc.getRecipient(id),
    add: (svc, body) => svc.createRecipient(body),
    update: (svc, id, body) => svc.updateRecipient(id, body),
    remove: (svc, id) => svc.deleteRecipient(id),
  });
  registerCrud(app, {
    segment: "retention-rules",
    noun: "retention rule",
    entity: RetentionRuleSchema,
    create: CreateRetentionRuleSchema,
    patch: PatchRetentionRuleSchema,
    list: (svc) => svc.listRetentionRules(),
    get: (svc, id) => svc.getRetentionRule(id),
    add: (svc, body) => svc.createRetentionRule(body),
    update: (svc, id, body) => svc.updateRetentionRule(id, body),
    remove: (svc, id) => svc.deleteRetentionRule(id),
  });
}
