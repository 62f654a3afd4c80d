#!/usr/bin/env node
// The installed command. It lives outside dist/ so npm can link it before the build has run (`npm install` builds
// the workspace in its `prepare` step, after linking bins).
await import('../dist/main.js');
