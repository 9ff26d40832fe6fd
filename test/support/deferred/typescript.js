module.exports = require(".")(require.resolve("typescript/lib/typescript.js"));
