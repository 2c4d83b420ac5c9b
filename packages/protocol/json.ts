// JSON values as the native API answers them (a non-finite number is the string "NaN", "Infinity" or "-Infinity").
import { z } from 'zod';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const json: z.ZodType<Json> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]));
export const jsonObject: z.ZodType<JsonObject> = z.record(z.string(), json);
