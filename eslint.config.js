import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".alphadesk/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        // `const { dropped, ...kept } = value` is how a field is left out.
        { argsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.test.ts"],
    rules: {
      // Test files share a worker process with a lent PGlite, whose alarm a faked global
      // setTimeout catches (vitest.config.ts): fake Date only, or pass a clock of the test's own.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name='useFakeTimers']:not(:has(Property[key.name='toFake']))",
          message:
            'Fake Date only (vi.useFakeTimers({ toFake: ["Date"] })) or pass a clock of the test\'s own (@sinonjs/fake-timers createClock).',
        },
      ],
    },
  },
);
