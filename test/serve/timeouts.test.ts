/**
 * Stalled clients do not hold sockets forever: a half-sent request is closed by the connection timeout, a client
 * trickling bytes to look busy is cut by the request timeout, both are on by default, and both can be set from
 * serve() and from `typelearn serve`. (Closes are asserted as events, never as durations.)
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { LinearRegression } from "../../lib/linear";
import { dump } from "../../lib/persist";
import { serve, ModelServer } from "../../lib/serve";
import { OptionError } from "../../lib/errors";
import { announcedUrl } from "./cli_url";

/** Open a socket, send the start of a request and nothing more; resolve with what came back once the server closes. */
function halfRequest(port: number, trickle = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    let got = "";
    let timer: NodeJS.Timeout | undefined;
    sock.on("connect", () => {
      sock.write("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"features\": [");
      // a "slowloris": one byte at a time, so the socket is never idle but the request never completes
      if (trickle) timer = setInterval(() => { if (!sock.destroyed) sock.write("1,"); }, 20);
    });
    sock.on("data", (d) => { got += d; });
    sock.on("error", () => { /* a reset is a close too */ });
    sock.on("close", () => { if (timer) clearInterval(timer); resolve(got); });
    sock.on("timeout", () => reject(new Error("unreachable")));
  });
}

describe("serve: timeouts for stalled clients", function () {
  this.timeout(60000);
  const model = new LinearRegression().fit([[0, 1], [1, 0], [2, 2]], [1, 2, 5]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-serve-timeouts-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a half-sent request is closed by the connection timeout; the server keeps answering", async () => {
    const server = await serve(model, { port: 0, connectionTimeout: 200 });
    try {
      await Promise.all(Array.from({ length: 20 }, () => halfRequest(server.port)));
      const res = await fetch(`${server.url}/health`);
      assert.equal(res.status, 200);
    } finally {
      await server.close();
    }
  });

  it("a client trickling bytes is cut by the request timeout (408), even with no connection timeout", async () => {
    const server = await serve(model, { port: 0, connectionTimeout: 0, requestTimeout: 300 });
    try {
      const reply = await halfRequest(server.port, true);
      // Node answers 408 before closing; the socket may also be reset first, which is a close all the same
      if (reply) assert.match(reply, /^HTTP\/1\.1 408/);
    } finally {
      await server.close();
    }
  });

  it("both timeouts are on by default and reach Node's server", async () => {
    const server: ModelServer = await serve(model, { port: 0 });
    try {
      assert.equal(server.app.server.timeout, 30_000);
      assert.equal(server.app.server.requestTimeout, 60_000);
      assert.ok(server.app.server.headersTimeout <= 60_000);
    } finally {
      await server.close();
    }
  });

  it("bad timeouts are OptionErrors naming the option", async () => {
    await assert.rejects(serve(model, { port: 0, connectionTimeout: -1 }), (e: unknown) => e instanceof OptionError && /connectionTimeout/.test(e.message));
    await assert.rejects(serve(model, { port: 0, requestTimeout: 1.5 }), (e: unknown) => e instanceof OptionError && /requestTimeout/.test(e.message));
  });

  const bin = path.join(__dirname, "..", "..", "..", "bin", "typelearn.js");

  it("typelearn serve --connection-timeout closes a half-sent request", async () => {
    const file = path.join(dir, "lr.tl");
    dump(model, file);
    const child = spawn(process.execPath, [bin, "serve", file, "--port", "0", "--connection-timeout", "200", "--request-timeout", "5000"],
      { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await announcedUrl(child);
      await halfRequest(Number(new URL(url).port));
      assert.equal((await fetch(`${url}/health`)).status, 200);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("300 stalled requests against a server limited to 256 descriptors are all closed, then /health answers", async () => {
    const file = path.join(dir, "lr-fd.tl");
    dump(model, file);
    const child = spawn("/bin/bash", ["-c", `ulimit -n 256 && exec "${process.execPath}" "${bin}" serve "${file}" --port 0 --connection-timeout 500`],
      { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await announcedUrl(child);
      const port = Number(new URL(url).port);
      // more stalled clients than the server has descriptors: without timeouts they would hold them for good
      await Promise.all(Array.from({ length: 300 }, () => halfRequest(port)));
      const res = await fetch(`${url}/health`);
      assert.equal(res.status, 200);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("typelearn serve refuses a bad timeout with a usage error", async () => {
    const child = spawn(process.execPath, [bin, "serve", "x.tl", "--connection-timeout", "soon"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => { err += d; });
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    assert.equal(code, 2);
    assert.match(err, /--connection-timeout must be an integer >= 0, received "soon"/);
  });
});
