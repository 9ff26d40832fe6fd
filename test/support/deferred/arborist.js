module.exports = require(".")(require.resolve("@npmcli/arborist/lib/index.js"));
