/**
 * A module loaded when first used. jest.config.js maps `typescript` and `@npmcli/arborist` here: @pulumi/pulumi
 * loads both at import for its closure serialisation (`pulumi.runtime.serializeFunction`, used by dynamic providers
 * and callback functions, which no component uses), and jest loads every module again for each test file, so the two
 * were about 0.7 s of every test file's start. Anything that does use them gets the real module on first access.
 */
module.exports = function deferred(file) {
  let real;
  const load = () => (real ??= require(file));
  // `__esModule` answers without loading, so TypeScript's `__importStar` keeps this proxy instead of copying every key;
  // `default` is then what a default import of the CommonJS module gets, the module itself.
  return new Proxy(
    {},
    {
      get: (_target, key) => (key === "__esModule" ? true : key === "default" ? (load().default ?? load()) : load()[key]),
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
};
