/**
 * The Jupyter protocol server: wire format, the main-thread server (shell queue, handlers) and the io worker that
 * owns every socket.
 */
export { KernelServer, type ServerOptions } from "./server";
export { startKernel, loadInterpreter } from "./start";
export { Signer, decode, encode, encodeJson, makeHeader, DELIMITER, PROTOCOL_VERSION, WireError, type Message, type Header } from "./wire";
export { readConnectionFile, endpoint, SendQueue, type ConnectionInfo } from "./sockets";
export { StreamCoalescer } from "./stream";
export { History, globToRegExp } from "./history";
export type { RequestSink } from "./handlers";
export { IoClient, type MainToWorker, type WorkerToMain, type OutMessage, type StreamTarget } from "./io-protocol";
export { Outbox } from "./outbox";
