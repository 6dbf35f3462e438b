// Types for check-config.mjs, so TypeScript tests can import it.

/** The fuse values the issue requires, by electron-builder's `electronFuses` key. */
export declare const REQUIRED_FUSES: Readonly<Record<string, boolean>>;
/** Patterns `files` must exclude. */
export declare const REQUIRED_FILE_EXCLUSIONS: readonly string[];
/** Reads electron-builder.yml (or .json) as electron-builder does. */
export declare function loadBuilderConfig(configPath: string): Record<string, unknown>;
/** electron-builder's own schema validation; one message per failure. */
export declare function schemaProblems(config: Record<string, unknown>): Promise<string[]>;
/** The project's own rules; one message per problem. */
export declare function projectRuleProblems(config: Record<string, unknown>, projectDir: string): string[];
/** Every problem with `configPath`, schema first. */
export declare function checkConfig(options: { configPath: string; projectDir: string }): Promise<string[]>;
