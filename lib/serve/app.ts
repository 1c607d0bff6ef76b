/**
 * The prediction server as a Fastify 5 application (not yet listening, so tests can `inject` into it): TypeBox
 * schemas for every route (validated on the way in, serialized on the way out, and published as OpenAPI at /docs
 * and /openapi.json), predictions through the served estimator — a Pipeline, so the scaler travels with the model.
 * Fastify, TypeBox and the Swagger plugins are required inside buildApp: importing typelearn stays fast.
 */
/// <reference types="@fastify/swagger" />
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { STATUS_CODES } from "http";
import { BaseEstimator } from "../base/estimator";
import { OptionError, TypelearnError } from "../errors";
import { ModelInfo } from "./model_info";
import { SchemaError, validationMessage } from "./validate";
import { CHUNK_CELLS, predictInChunks, Predictor } from "./predict";
import { httpServerOptions, resolveLimits } from "./limits";

/** Options of {@link buildApp}. */
export interface AppOptions {
  /**
   * Largest request body in bytes; larger ones get 413 (default: enough for `maxBatch` rows of the model's
   * features, at least 1 MiB).
   */
  bodyLimit?: number;
  /**
   * Largest batch in POST /predict/batch (default 10,000 rows, fewer when 10,000 rows would not fit in 64 MiB or
   * in the `bodyLimit` given).
   */
  maxBatch?: number;
  /** Milliseconds a connection may stay silent before it is closed (default 30,000; 0: never). */
  connectionTimeout?: number;
  /** Milliseconds a client has to send a whole request, headers and body (default 60,000; 0: no limit). */
  requestTimeout?: number;
  /** Rows predicted between two yields to the event loop, so other requests are answered during a big batch. */
  predictChunkRows?: number;
  /** Fastify's logger (default false). */
  logger?: boolean;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ statusCode: 400, error: "Bad Request", message });
}

/**
 * Build the Fastify app serving `model`.
 * @param model - a fitted estimator (a Pipeline carries its preprocessing)
 * @param info - from modelInfo(model)
 * @param options - body limit, batch limit, logger
 * @example
 * const app = await buildApp(pipe, modelInfo(pipe, "0.1.0"));
 * const res = await app.inject({ method: "POST", url: "/predict", payload: { features: row } });
 */
export async function buildApp(model: BaseEstimator, info: ModelInfo, options: AppOptions = {}): Promise<FastifyInstance> {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const Fastify = require("fastify") as typeof import("fastify");
  const { Type } = require("@sinclair/typebox") as typeof import("@sinclair/typebox");
  /* eslint-enable @typescript-eslint/no-var-requires */
  const n = info.nFeatures;
  const limits = resolveLimits(options, n);
  const chunkRows = options.predictChunkRows ?? Math.max(1, Math.floor(CHUNK_CELLS / Math.max(1, n)));
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new OptionError("serve predictChunkRows", "an integer >= 1", chunkRows);
  const { maxBatch, bodyLimit } = limits;
  const app = Fastify.fastify({
    bodyLimit,
    // A client that stalls mid-request would otherwise hold its socket forever: enough of them exhaust the
    // process's descriptors and nothing (not even /health) is answered. connectionTimeout closes silent sockets,
    // requestTimeout (checked by Node on its own timer) bounds a client that trickles bytes to stay "active".
    connectionTimeout: limits.connectionTimeout,
    requestTimeout: limits.requestTimeout,
    http: httpServerOptions(limits),
    logger: options.logger ?? false,
    // Strings must not be coerced to numbers: "1.5" in a feature vector is a client bug to report, not to guess.
    // strictNumbers makes `number` mean finite, so 1e999 (parsed as Infinity) is refused by the schema; verbose
    // keeps the offending value in each error for the message.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, strictNumbers: true, verbose: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // JSON.parse, not Fastify's prototype-poisoning guard: "__proto__" and "constructor" become ordinary own keys
  // (JSON.parse defines, never assigns), which the schema then refuses by name instead of calling the body invalid
  // JSON. Nothing here merges a body into another object.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, text, done) => {
    try {
      done(null, JSON.parse(text as string));
    } catch (e) {
      done(Object.assign(new Error(`body: not valid JSON (${(e as Error).message})`), { statusCode: 400 }), undefined);
    }
  });
  await app.register(require("@fastify/swagger"), {
    openapi: {
      info: {
        title: `typelearn model server: ${info.className}`,
        version: info.typelearnVersion,
        description: `Serves ${info.repr}. Send the raw ${n} features of a sample; preprocessing (if the model is a ` +
          "Pipeline) happens on the server.",
      },
    },
  });
  await app.register(require("@fastify/swagger-ui"), { routePrefix: "/docs" });

  const Label = Type.Union([Type.Number(), Type.String()]);
  const order = info.featureNames ? `: ${info.featureNames.join(", ")}` : ", in training order";
  const Row = Type.Array(Type.Number(), { minItems: n, maxItems: n, description: `${n} raw feature values${order}` });
  const ErrorBody = Type.Object({ statusCode: Type.Integer(), error: Type.String(), message: Type.String() });
  const PredictBody = Type.Object({ features: Row }, { additionalProperties: false });
  const PredictReply = Type.Object({
    prediction: Label,
    probabilities: Type.Optional(Type.Array(Type.Number(), { description: `one per class, in the order of /metadata classes` })),
  });
  const BatchBody = Type.Object({ instances: Type.Array(Row, { minItems: 1, maxItems: maxBatch }) }, { additionalProperties: false });
  const BatchReply = Type.Object({ predictions: Type.Array(Label), probabilities: Type.Optional(Type.Array(Type.Array(Type.Number()))) });
  const errors = { 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, 500: ErrorBody };

  const m = model as Predictor;
  const predict = (rows: number[][]) => predictInChunks(m, rows, info.probabilities, chunkRows);

  function handle<T>(field: "features" | "instances", answer: (body: Record<string, unknown>) => Promise<T>) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const invalid = req.validationError as (Error & { validation?: SchemaError[] }) | undefined;
      if (invalid) {
        const first = invalid.validation?.[0];
        return badRequest(reply, first ? validationMessage(first, field, n, maxBatch) : invalid.message);
      }
      try {
        return await answer(req.body as Record<string, unknown>);
      } catch (e) {
        if (e instanceof TypelearnError) return badRequest(reply, e.message);
        throw e;
      }
    };
  }

  app.post("/predict", {
    attachValidation: true,
    schema: {
      summary: "Predict one sample", tags: ["predict"],
      description: `Body {"features": [${n} numbers]}. Returns the predicted label and, for a classifier, the class probabilities.`,
      body: PredictBody, response: { 200: PredictReply, ...errors },
    },
  }, handle("features", async (body) => {
    const r = await predict([body.features as number[]]);
    return r.probabilities ? { prediction: r.predictions[0], probabilities: r.probabilities[0] } : { prediction: r.predictions[0] };
  }));

  app.post("/predict/batch", {
    attachValidation: true,
    schema: {
      summary: "Predict many samples", tags: ["predict"],
      description: `Body {"instances": [[${n} numbers], …]} (at most ${maxBatch} rows). Returns one prediction per row.`,
      body: BatchBody, response: { 200: BatchReply, ...errors },
    },
  }, handle("instances", (body) => predict(body.instances as number[][])));

  const started = Date.now();
  app.get("/health", {
    schema: {
      summary: "Liveness", tags: ["service"],
      response: { 200: Type.Object({ status: Type.Literal("ok"), model: Type.String(), uptimeSeconds: Type.Number() }) },
    },
  }, async () => ({ status: "ok" as const, model: info.className, uptimeSeconds: (Date.now() - started) / 1000 }));

  const Nullable = <T extends import("@sinclair/typebox").TSchema>(t: T) => Type.Union([t, Type.Null()]);
  const MetadataReply = Type.Object({
    className: Type.String(), repr: Type.String(),
    params: Type.Object({}, { additionalProperties: true, description: "options; nested estimators as { className, params }" }),
    steps: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.String()]), { description: "Pipeline steps as [name, class]" })),
    nFeatures: Type.Integer(), featureNames: Nullable(Type.Array(Type.String())), classes: Nullable(Type.Array(Label)),
    probabilities: Type.Boolean({ description: "whether /predict returns probabilities" }),
    typelearnVersion: Type.String(), modelSha256: Nullable(Type.String({ description: "hex SHA-256 of the model file" })),
  });
  app.get("/metadata", {
    schema: {
      summary: "The served model", tags: ["service"],
      description: "Class, options, number and names of features, classes, typelearn version and the model file's SHA-256.",
      response: { 200: MetadataReply },
    },
  }, async () => info);

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const message = status === 413 ? `request body larger than the server's limit of ${bodyLimit} bytes (at most ${maxBatch} rows per batch)`
      : status === 415 ? `body: content type ${JSON.stringify(req.headers["content-type"] ?? "(none)")} is not supported; ` +
        'send JSON with "Content-Type: application/json"'
      : status >= 500 ? "internal error while predicting" : err.message;
    if (status >= 500) app.log.error(err);
    reply.code(status).send({ statusCode: status, error: STATUS_CODES[status] ?? "Error", message });
  });
  await app.ready();
  return app as unknown as FastifyInstance;
}
