/**
 * The Jupyter protocol server: wire format, sockets, the shell/iopub/stdin server and the control worker.
 */
export { KernelServer, type ServerOptions } from "./server";
export { startKernel, loadInterpreter } from "./start";
export { Signer, decode, encode, makeHeader, DELIMITER, PROTOCOL_VERSION, WireError, type Message, type Header } from "./wire";
export { readConnectionFile, endpoint, SendQueue, type ConnectionInfo } from "./sockets";
export { StreamCoalescer } from "./stream";
export { History, globToRegExp } from "./history";
export type { RequestSink } from "./handlers";
