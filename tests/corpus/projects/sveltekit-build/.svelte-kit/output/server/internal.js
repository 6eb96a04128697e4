import { l as set_assets, n as set_building, r as set_prerendering } from "./chunks/internal.js";
import { a as set_manifest, c as set_private_env, l as set_public_env, n as options, o as set_read_implementation, t as get_hooks } from "./chunks/internal2.js";
export { get_hooks, options, set_assets, set_building, set_manifest, set_prerendering, set_private_env, set_public_env, set_read_implementation };
