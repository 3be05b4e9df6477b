#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx microcred` works in a checkout without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
register();
const entry = new URL('../src/cli/main.ts', import.meta.url);
await import(fileURLToPath(entry));
