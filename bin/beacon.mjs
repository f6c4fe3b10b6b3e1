#!/usr/bin/env node
// Package entry for the `beacon` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
