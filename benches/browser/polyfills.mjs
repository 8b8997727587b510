// Injected by esbuild wherever the bundle refers to Buffer or process.
import { Buffer } from "buffer";
import process from "process";
export { Buffer, process };
