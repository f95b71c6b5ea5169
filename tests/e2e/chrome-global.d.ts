// Code passed to `worker.evaluate` runs in the extension's worker, where `chrome` exists.
/// <reference types="chrome" />
