export { startWebServer, type WebOptions, type WebServer } from './server.js';
