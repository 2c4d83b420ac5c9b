// Flattened leaves <-> the nested run config that agents and the server exchange (docs/protocol/sweeps.md#run-config).
import type { Json, JsonObject, Param, RunConfig } from '../types.ts';

/** Re-nests one value per leaf (undefined: the leaf is inactive and left out); only the top level is wrapped as `{value}`. */
export function toRunConfig(params: Param[], values: ReadonlyArray<Json | undefined>): RunConfig {
  const nested: JsonObject = {};
  params.forEach((param, i) => {
    const value = values[i];
    if (value === undefined) return;
    let node = nested;
    for (const key of param.path.slice(0, -1)) {
      const child = node[key];
      if (child === undefined || child === null || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
      node = node[key] as JsonObject;
    }
    node[param.path[param.path.length - 1]] = value;
  });
  const config: RunConfig = {};
  for (const [key, value] of Object.entries(nested)) config[key] = { value };
  return config;
}

/** A past run's value of one leaf; undefined when the run lacks it. */
export function valueOf(config: RunConfig, param: Param): Json | undefined {
  const top = config[param.path[0]];
  if (top === null || typeof top !== 'object' || !('value' in top)) return undefined;
  let value: Json | undefined = top.value;
  for (const key of param.path.slice(1)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}
