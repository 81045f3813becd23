#!/usr/bin/env node
// `npx hybrid ...` after `npm install`: the CLI is TypeScript, run through tsx's loader without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../client/cli.ts');
