// type-graphql's decorators need the Reflect metadata polyfill before any entity or type is
// loaded; main.ts and the CLI import it first, and so does every server and browser test file,
// whatever order its own imports come in.
import 'reflect-metadata';
