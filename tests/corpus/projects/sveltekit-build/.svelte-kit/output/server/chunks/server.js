// node_modules/svelte/src/internal/shared/utils.js
var is_array = Array.isArray;
var index_of = Array.prototype.indexOf;
var includes = Array.prototype.includes;
var array_from = Array.from;
var define_property = Object.defineProperty;
var get_descriptor = Object.getOwnPropertyDescriptor;
var object_prototype = Object.prototype;
var array_prototype = Array.prototype;
var get_prototype_of = Object.getPrototypeOf;
var has_own_property = Object.prototype.hasOwnProperty;
var noop = () => {};
/** @param {Function} fn */
function run(fn) {
	return fn();
}
/** @param {Array<() => void>} arr */
function run_all(arr) {
	for (var i = 0; i < arr.length; i++) arr[i]();
}
/**
* `array.push(...items)` overflows the stack for large `items`.
* @template T
* @param {T[]} array
* @param {T[]} items
*/
function push_array(array, items) {
	for (var i = 0; i < items.length; i++) array.push(items[i]);
}
/**
* TODO replace with Promise.withResolvers once supported widely enough
* @template [T=void]
*/
function deferred() {
	/** @type {(value: T) => void} */
	var resolve;
	/** @type {(reason: any) => void} */
	var reject;
	return {
		promise: new Promise((res, rej) => {
			resolve = res;
			reject = rej;
		}),
		resolve,
		reject
	};
}
// node_modules/svelte/src/internal/client/reactivity/equality.js
/** @import { Equals } from '#client' */
/** @type {Equals} */
function equals(value) {
	return value === this.v;
}
/**
* @param {unknown} a
* @param {unknown} b
* @returns {boolean}
*/
function safe_not_equal(a, b) {
	return a != a ? b == b : a !== b || a !== null && typeof a === "object" || typeof a === "function";
}
/** @type {Equals} */
function safe_equals(value) {
	return !safe_not_equal(value, this.v);
}
var CLEAN = 1024;
var DIRTY = 2048;
var MAYBE_DIRTY = 4096;
var INERT = 8192;
var DESTROYED = 16384;
/** Set once a reaction has run for the first time */
var REACTION_RAN = 32768;
/** Effect is in the process of getting destroyed. Can be observed in child teardown functions */
var DESTROYING = 1 << 25;
/**
* 'Transparent' effects do not create a transition boundary.
* This is on a block effect 99% of the time but may also be on a branch effect if its parent block effect was pruned
*/
var EFFECT_TRANSPARENT = 65536;
var EFFECT_PRESERVED = 1 << 19;
var USER_EFFECT = 1 << 20;
var REACTION_IS_UPDATING = 1 << 21;
var ASYNC = 1 << 22;
var ERROR_VALUE = 1 << 23;
/** The global state of the derived is a value that was assigned to it, rather than a run of it */
var ASSIGNED = 1 << 26;
var STATE_SYMBOL = Symbol("$state");
/** Marks component export objects, so that `proxy(...)` leaves them untouched */
var COMPONENT_SYMBOL = Symbol("component");
var LEGACY_PROPS = Symbol("legacy props");
/** allow users to ignore aborted signal errors if `reason.name === 'StaleReactionError` */
var STALE_REACTION = new class StaleReactionError extends Error {
	name = "StaleReactionError";
	message = "The reaction that called `getAbortSignal()` was re-run or destroyed";
}();
globalThis.document?.contentType;
var CUSTOM_RENDERER_NODE_TYPE_MAP = {
	fragment: 11,
	element: 1,
	text: 3,
	comment: 8
};
// node_modules/svelte/src/constants.js
var HYDRATION_ERROR = {};
var UNINITIALIZED = Symbol("uninitialized");
/**
* Reading a derived belonging to a now-destroyed effect may result in stale values
*/
function derived_inert() {
	console.warn(`https://svelte.dev/e/derived_inert`);
}
/**
* Hydration failed because the initial UI does not match what was rendered on the server. The error occurred near %location%
* @param {string | undefined | null} [location]
*/
function hydration_mismatch(location) {
	console.warn(`https://svelte.dev/e/hydration_mismatch`);
}
/**
* A `<svelte:boundary>` `reset` function only resets the boundary the first time it is called
*/
function svelte_boundary_reset_noop() {
	console.warn(`https://svelte.dev/e/svelte_boundary_reset_noop`);
}
// node_modules/svelte/src/internal/client/dom/hydration.js
/** @import { TemplateNode } from '#client' */
/**
* Use this variable to guard everything related to hydration code so it can be treeshaken out
* if the user doesn't use the `hydrate` method and these code paths are therefore not needed.
*/
var hydrating = false;
/** @param {boolean} value */
function set_hydrating(value) {
	hydrating = value;
}
/**
* The node that is currently being hydrated. This starts out as the first node inside the opening
* <!--[--> comment, and updates each time a component calls `$.child(...)` or `$.sibling(...)`.
* When entering a block (e.g. `{#if ...}`), `hydrate_node` is the block opening comment; by the
* time we leave the block it is the closing comment, which serves as the block's anchor.
* @type {TemplateNode}
*/
var hydrate_node;
/** @param {TemplateNode | null} node */
function set_hydrate_node(node) {
	if (node === null) {
		hydration_mismatch();
		throw HYDRATION_ERROR;
	}
	return hydrate_node = node;
}
function hydrate_next() {
	return set_hydrate_node(/* @__PURE__ */ get_next_sibling(hydrate_node));
}
function next(count = 1) {
	if (hydrating) {
		var i = count;
		var node = hydrate_node;
		while (i--) node = /* @__PURE__ */ get_next_sibling(node);
		hydrate_node = node;
	}
}
/**
* Skips or removes (depending on {@link remove}) all nodes starting at `hydrate_node` up until the next hydration end comment
* @param {boolean} remove
*/
function skip_nodes(remove = true) {
	var depth = 0;
	var node = hydrate_node;
	while (true) {
		if (node_type(node) === 8) {
			var data = get_node_value(node) ?? "";
			if (data === "]") {
				if (depth === 0) return node;
				depth -= 1;
			} else if (data === "[" || data === "[!" || data.startsWith("[?") || data[0] === "[" && !isNaN(Number(data.slice(1)))) depth += 1;
		}
		var next = /* @__PURE__ */ get_next_sibling(node);
		if (remove) remove_node(node);
		node = next;
	}
}
/**
*
* @param {TemplateNode} node
*/
function read_hydration_instruction(node) {
	if (!node || node_type(node) !== 8) {
		hydration_mismatch();
		throw HYDRATION_ERROR;
	}
	return get_node_value(node) ?? "";
}
// node_modules/svelte/src/internal/shared/errors.js
/**
* Cannot use `%name%(...)` unless the `experimental.async` compiler option is `true`
* @param {string} name
* @returns {never}
*/
function experimental_async_required(name) {
	throw new Error(`https://svelte.dev/e/experimental_async_required`);
}
/**
* `%name%(...)` can only be used during component initialisation
* @param {string} name
* @returns {never}
*/
function lifecycle_outside_component(name) {
	throw new Error(`https://svelte.dev/e/lifecycle_outside_component`);
}
/**
* Context was not set in the current component or any of its ancestors
* @returns {never}
*/
function missing_context() {
	throw new Error(`https://svelte.dev/e/missing_context`);
}
/**
* `setContext` must be called when a component first initializes, not in a subsequent effect or after an `await` expression
* @returns {never}
*/
function set_context_after_init() {
	throw new Error(`https://svelte.dev/e/set_context_after_init`);
}
// node_modules/svelte/src/internal/client/errors.js
/**
* Maximum update depth exceeded. This typically indicates that an effect reads and writes the same piece of state
* @returns {never}
*/
function effect_update_depth_exceeded() {
	throw new Error(`https://svelte.dev/e/effect_update_depth_exceeded`);
}
/**
* Failed to hydrate the application
* @returns {never}
*/
function hydration_failed() {
	throw new Error(`https://svelte.dev/e/hydration_failed`);
}
/**
* Svelte's DOM operations have not been initialized. This can happen if a bundler incorrectly removes side-effect-only imports. Check the `sideEffects` setting in your package.json
* @returns {never}
*/
function invalid_bundler_config() {
	throw new Error(`https://svelte.dev/e/invalid_bundler_config`);
}
/**
* Property descriptors defined on `$state` objects must contain `value` and always be `enumerable`, `configurable` and `writable`.
* @returns {never}
*/
function state_descriptors_fixed() {
	throw new Error(`https://svelte.dev/e/state_descriptors_fixed`);
}
/**
* Cannot set prototype of `$state` object
* @returns {never}
*/
function state_prototype_fixed() {
	throw new Error(`https://svelte.dev/e/state_prototype_fixed`);
}
/**
* Updating state inside `$derived(...)`, `$inspect(...)` or a template expression is forbidden. If the value should not be reactive, declare it without `$state`
* @returns {never}
*/
function state_unsafe_mutation() {
	throw new Error(`https://svelte.dev/e/state_unsafe_mutation`);
}
/**
* A `<svelte:boundary>` `reset` function cannot be called while an error is still being handled
* @returns {never}
*/
function svelte_boundary_reset_onerror() {
	throw new Error(`https://svelte.dev/e/svelte_boundary_reset_onerror`);
}
// node_modules/svelte/src/internal/client/dom/task.js
/** @type {Array<() => void>} */
var micro_tasks = [];
function run_micro_tasks() {
	var tasks = micro_tasks;
	micro_tasks = [];
	run_all(tasks);
}
/**
* @param {() => void} fn
*/
function queue_micro_task(fn) {
	if (micro_tasks.length === 0 && !is_flushing_sync) {
		var tasks = micro_tasks;
		queueMicrotask(() => {
			if (tasks === micro_tasks) run_micro_tasks();
		});
	}
	micro_tasks.push(fn);
}
/**
* Synchronously run any queued tasks.
*/
function flush_tasks() {
	while (micro_tasks.length > 0) run_micro_tasks();
}
// node_modules/svelte/src/internal/client/reactivity/status.js
/** @import { Derived, Signal } from '#client' */
var STATUS_MASK = ~(DIRTY | MAYBE_DIRTY | CLEAN);
/**
* @param {Signal} signal
* @param {number} status
*/
function set_signal_status(signal, status) {
	signal.f = signal.f & STATUS_MASK | status;
}
/**
* Set a derived's status to CLEAN or MAYBE_DIRTY based on its connection state.
* @param {Derived} derived
*/
function update_derived_status(derived) {
	if ((derived.f & 512) !== 0 || derived.edges === null) set_signal_status(derived, CLEAN);
	else set_signal_status(derived, MAYBE_DIRTY);
}
// node_modules/svelte/src/internal/shared/context.js
/**
* @template T
* @param {(key: object) => T} get_context
* @param {(key: object, context: T) => T} set_context
* @param {(key: object) => boolean} has_context
* @returns {[() => T, (context: T) => T, () => boolean]}
*/
function create_context(get_context, set_context, has_context) {
	const key = {};
	return [
		() => {
			if (!has_context(key)) missing_context();
			return get_context(key);
		},
		(context) => set_context(key, context),
		() => has_context(key)
	];
}
/**
* @typedef {{ p: Context | null, c: Map<unknown, unknown> | null }} Context
*/
/**
* @param {Context} context
* @returns {Map<unknown, unknown> | null}
*/
function get_parent_context(context) {
	let parent = context.p;
	while (parent !== null && parent.c === null) parent = parent.p;
	return parent?.c ?? null;
}
/**
* @param {Context | null} context
* @param {string} name
* @returns {Map<unknown, unknown>}
*/
function get_or_init_context_map(context, name) {
	if (context === null) lifecycle_outside_component(name);
	return context.c ??= new Map(get_parent_context(context) || void 0);
}
// node_modules/svelte/src/internal/client/context.js
/** @import { ComponentContext, DevStackEntry, Effect } from '#client' */
/** @type {ComponentContext | null} */
var component_context = null;
/** @param {ComponentContext | null} context */
function set_component_context(context) {
	component_context = context;
}
/**
* @param {Record<string, unknown>} props
* @param {any} runes
* @param {Function} [fn]
* @returns {void}
*/
function push$1(props, runes = false, fn) {
	component_context = {
		p: component_context,
		i: false,
		c: null,
		e: null,
		s: props,
		x: null,
		r: active_effect,
		l: null
	};
}
/**
* @template {Record<string, any>} T
* @param {T} [component]
* @returns {T}
*/
function pop$1(component) {
	var context = component_context;
	var effects = context.e;
	if (effects !== null) {
		context.e = null;
		for (var fn of effects) create_user_effect(fn);
	}
	if (component !== void 0) context.x = component;
	context.i = true;
	component_context = context.p;
	return mark_as_component(component);
}
/**
* Add a symbol to the object (or create one if undefined) to mark it as a component so it isn't proxified.
* @param {any} component
*/
function mark_as_component(component = {}) {
	define_property(component, COMPONENT_SYMBOL, { value: true });
	return component;
}
/** @returns {boolean} */
function is_runes() {
	return true;
}
// node_modules/svelte/src/internal/client/custom-renderer/state.js
/** @import { Renderer } from './types.js'; */
/**
* @type {Renderer<any> | null}
*/
var current_renderer = null;
/** How many `push_renderer` calls haven't been matched by a `pop_renderer` yet */
var depth = 0;
/** @type {number[]} Depths of pushes that suspended hydration, including nested hydrate calls */
var suspended_hydration_at = [];
/**
* Makes `value` the current renderer (`null` for the DOM), returning the previous one.
* Every call must be matched by a call to `pop_renderer` with the returned value
* (in a `finally` block, if anything in between can throw).
*
* Custom renderers never hydrate, so hydration is suspended while one is active.
* This doesn't allocate, since it runs for every effect when custom renderers are used.
* @param {Renderer<any> | null} value
* @returns {Renderer<any> | null}
*/
function push_renderer(value) {
	var previous = current_renderer;
	current_renderer = value;
	depth += 1;
	if (hydrating && value !== null) {
		set_hydrating(false);
		suspended_hydration_at.push(depth);
	}
	return previous;
}
/**
* Restores the renderer that was current before the matching `push_renderer` call
* @param {Renderer<any> | null} previous The value returned by `push_renderer`
*/
function pop_renderer(previous) {
	if (suspended_hydration_at[suspended_hydration_at.length - 1] === depth) {
		suspended_hydration_at.pop();
		set_hydrating(true);
	}
	depth -= 1;
	current_renderer = previous;
}
// node_modules/svelte/src/internal/client/reactivity/async.js
/**
* The batch that `batch` was merged into, if any (transitively), else `batch` itself
* @param {Batch} batch
*/
function merge_target(batch) {
	while (batch.merged !== null) batch = batch.merged;
	return batch;
}
var OBSOLETE = Symbol("obsolete");
/**
* @param {Derived} derived
* @returns {void}
*/
function destroy_derived_effects(derived) {
	var effects = derived.effects;
	if (effects !== null) {
		derived.effects = null;
		for (var i = 0; i < effects.length; i += 1) destroy_effect(effects[i]);
	}
}
/**
* @template T
* @param {Derived} derived
* @returns {T}
*/
function execute_derived(derived) {
	var prev_active_effect = active_effect;
	var parent = derived.parent;
	if (!is_destroying_effect && parent !== null && derived.v !== UNINITIALIZED && (parent.f & 24576) !== 0) {
		derived_inert();
		update_derived_status(derived);
		return derived.v;
	}
	set_active_effect(parent);
	try {
		destroy_derived_effects(derived);
		return update_reaction(derived);
	} finally {
		set_active_effect(prev_active_effect);
	}
}
/**
* Update the global state of a derived, adopting the active batch's run if its view has
* become the real world (e.g. because a fork was committed), or re-evaluating it otherwise.
* `signal` can be a source, too, which is cheaper than checking first (this is called for every dependency that
* is checked): only reactions ever get a dirty status, so `is_dirty` returns `false` for a source right away
* @param {Value} signal
* @returns {void}
*/
function update_derived(signal) {
	var derived = signal;
	if (!is_dirty(derived)) return;
	var records = view_batch?.records;
	var record = records?.get(derived);
	if (record !== void 0 && is_current(record.deps, record.dv)) {
		/** @type {Map<Reaction, BatchRecord>} */ records.delete(derived);
		promote_record(derived, record);
	} else execute_derived(derived);
}
/**
* The value of `derived` as the view of the world of the active batch sees it, with its version: an
* assigned value that holds, or a run of it whose versions are what the view holds — a record in the
* batch, or the derived itself (i.e. its global state) — or else a new run. Results are cached for the
* lifetime of the view (see `view_cache`), unless the derived is disconnected, in which case nothing
* would remove them from the cache when they become stale — they are only reused within one derived read,
* until the next explicit write (see `get_view_check`).
* @param {Derived} derived
* @returns {Derived | DerivedRecord | BatchValue}
*/
function get_view(derived) {
	var cache = view_cache;
	var entry = cache.get(derived);
	if (entry !== void 0) return entry;
	if (derived_checks !== null && (derived.f & 512) === 0) {
		entry = get_view_check(derived);
		if (entry !== void 0) return entry;
	}
	var checks_version = derived_checks_version;
	var batch = view_batch;
	var written = batch_values.get(derived);
	var held = written ?? derived;
	var assigned = written === void 0 ? (derived.f & ASSIGNED) !== 0 : written.assigned;
	var record = batch.get_record(derived);
	if (assigned && !changed_since((record ?? derived).deps, held.wv)) entry = held;
	else if (record !== void 0 && is_current(record.deps, record.dv)) entry = record;
	else if (written === void 0 && !assigned && derived.dv !== null && is_current(derived.deps, derived.dv)) entry = derived;
	else {
		execute_derived(derived);
		entry = batch.records?.get(derived) ?? derived;
	}
	if ((derived.f & 512) !== 0) cache.set(derived, entry);
	else if (derived_checks !== null) set_view_check(derived, entry, checks_version);
	return entry;
}
/**
* @param {Derived} derived
*/
function freeze_derived_effects(derived) {
	if (derived.effects === null) return;
	for (const e of derived.effects) if (e.teardown || (e.f & 0x8000000) !== 0) {
		e.teardown?.();
		if (e.fn !== null) e.teardown = noop;
		remove_reactions(e);
		destroy_effect_children(e);
	}
}
/**
* @param {Derived} derived
*/
function unfreeze_derived_effects(derived) {
	if (derived.effects === null) return;
	for (const e of derived.effects) if (e.teardown && e.fn !== null) update_effect(e);
}
// node_modules/svelte/src/internal/client/reactivity/batch.js
/** @import { Fork } from 'svelte' */
/** @import { BatchRecord, BatchValue, Derived, DerivedRecord, Effect, Reaction, Source, Value } from '#client' */
/** @import { Boundary } from '../dom/blocks/boundary.js' */
/** @type {Batch | null} */
var first_batch = null;
/** @type {Batch | null} */
var last_batch = null;
/** @type {Batch | null} */
var current_batch = null;
/**
* The batch currently being processed (see `#process`)
* @type {Batch | null}
*/
var processing_batch = null;
/**
* @typedef {Object} TeardownContext
* @property {Map<Value, BatchValue>} reverted_values What teardowns see instead of the values sources hold: the values
* from before the writes that caused the teardowns (the `previous` of the batch being processed, see `flush`). For
* block effects that re-run right away because of a user effect's writes, also the writes of the effects that ran
* before it in the same commit, which apply (see `flush_queued_effects`)
* @property {Map<Derived, BatchValue>} derived_cache The values of deriveds in this view (see `runtime.js#teardown_view`),
* until it changes
* @property {TeardownContext | null} parent The context to restore after a nested flush or eager block
*/
/**
* Effect teardowns revert the writes that caused them (see `runtime.js#teardown_view`).
* (A teardown outside of a flush reverts nothing, but gets a context to cache its deriveds in, for as long as it
* runs — see `execute_effect_teardown`)
* @type {TeardownContext | null}
*/
var teardown_context = null;
/** @param {TeardownContext | null} context */
function set_teardown_context(context) {
	teardown_context = context;
}
/** @param {Map<Value, BatchValue>} [values] */
function push_teardown_context(values) {
	var context = teardown_context = {
		reverted_values: new Map(teardown_context?.reverted_values),
		derived_cache: /* @__PURE__ */ new Map(),
		parent: teardown_context
	};
	for (const [source, value] of values ?? []) context.reverted_values.set(source, value);
	return context;
}
/**
* A write in a teardown remains visible after returning to an enclosing teardown view,
* and the deriveds that teardowns evaluated may depend on it
* @param {Value} source
*/
function teardown_write(source) {
	for (var context = teardown_context; context !== null; context = context.parent) {
		context.reverted_values.delete(source);
		context.derived_cache.clear();
	}
}
/**
* When time travelling (i.e. working in one batch, while other batches
* still have ongoing work), we ignore the real values of affected
* signals in favour of their values within the batch — along with their
* versions: the batch's writes, and the values from before the writes of
* other batches, which its view of the world undoes (see `activate`).
* `null` means that the real world (i.e. the latest values) applies.
* Doesn't contain computed deriveds, these are in {@link view_cache}.
* @type {Map<Value, BatchValue> | null}
*/
var batch_values = null;
/**
* The values of deriveds in the active view of the world, for as long as it is active (see `get_view`):
* a record of a run (in which case `e` tells whether its value is an error), the derived itself if its
* global state applies, or the write to it that holds (an assignment). Exists whenever `batch_values` does
* @type {Map<Derived, Derived | DerivedRecord | BatchValue> | null}
*/
var view_cache = null;
/**
* The batch whose view of the world is active (see `activate`). Block and async
* effects that run while it is processed, and deriveds evaluated with values
* that are not the latest, are recorded in this batch
* @type {Batch | null}
*/
var view_batch = null;
/** @type {Effect | null} */
var last_scheduled_effect = null;
/**
* Batches whose view of the world changed because another batch committed, and that
* therefore need to be processed again once the current flush is done (see `#commit`)
* @type {Set<Batch>}
*/
var rebases = /* @__PURE__ */ new Set();
/**
* Boundaries currently showing their `pending` snippet
* @type {Set<Boundary>}
*/
var pending_boundaries = /* @__PURE__ */ new Set();
var is_flushing_sync = false;
/**
* During traversal, this is an array. Newly created effects are (if not immediately
* executed) pushed to this array, rather than going through the scheduling
* rigamarole that would cause another turn of the flush loop.
* @type {Effect[] | null}
*/
var collected_effects = null;
/**
* An array of effects that are marked during traversal as a result of a `set`
* (not `internal_set`) call. These will be added to the next batch and
* trigger another `batch.process()`
* @type {Effect[] | null}
* @deprecated when we get rid of legacy mode and stores, we can get rid of this
*/
var legacy_updates = null;
var flush_count = 0;
/**
* A set of signals we have already seen while traversing in `batch.mark`.
* Not always set to balance the common case of sources only having a couple
* of (transitive) dependencies (where always creating a Set would be bad for perf)
* with the edge case of extremely deep or wide dependency arrays with cycles.
* @type {Set<any> | null}
*/
var seen = null;
/** Number of transitive dependencies, see {@link seen} for more info */
var count_deps = 0;
var uid = 1;
/** @type {number | null} */
var last_processed = null;
var Batch = class Batch {
	id = uid++;
	/** True as soon as `#process` was called */
	started = false;
	linked = true;
	/** @type {Batch | null} */
	prev = null;
	/** @type {Batch | null} */
	next = null;
	/** @type {Map<Effect, ReturnType<typeof deferred<any>>>} */
	async_deriveds = /* @__PURE__ */ new Map();
	/**
	* The current values (and their versions) of any sources that are updated in this batch,
	* including deriveds that were overridden via assignment — until it commits them (see `#commit`).
	* Its keys are those of `this.previous`, plus the sources this batch gave their first value. `e` says whether
	* the value is an error
	* @type {Map<Value, BatchValue>}
	*/
	current = /* @__PURE__ */ new Map();
	/**
	* The values (and their versions) of any sources that are updated in this batch _before_ those updates took place.
	* For a derived, `assigned` says whether its value before was assigned, too (otherwise it was computed).
	* A source that this batch gave its first value (e.g. an async expression that resolved for the first time) has
	* no entry: there's no value from before it, so other views can't undo the write, and teardowns don't revert it.
	* @type {Map<Value, BatchValue>}
	*/
	previous = /* @__PURE__ */ new Map();
	/**
	* Results of reactions that belong to this batch rather than to the real world:
	* deriveds evaluated in this batch's view of the world with values that are not the
	* latest ones, and block/async effects that ran while this batch was processed.
	* Effect records become global state when the batch commits (see `promote_record`)
	* @type {Map<Reaction, BatchRecord> | null}
	*/
	records = null;
	/**
	* Earlier batches whose changes are part of this batch's view of the world, because
	* they intersect with it (this batch will be merged into them, see `#merge`)
	* @type {Batch[]}
	*/
	folded = [];
	/**
	* When the batch is committed (and the DOM is updated), we need to remove old branches
	* and append new ones by calling the functions added inside (if/each/key/etc) blocks.
	* Each callback maps to the writes that apply in the teardowns it causes, if it was added
	* while block effects re-ran eagerly (see `eager_block_writes`)
	* @type {Map<(batch: Batch) => void, Map<Value, BatchValue> | null>}
	*/
	#commit_callbacks = /* @__PURE__ */ new Map();
	/**
	* If a fork is discarded, we need to destroy any effects that are no longer needed
	* (see `#commit_callbacks`)
	* @type {Map<(batch: Batch) => void, Map<Value, BatchValue> | null>}
	*/
	#discard_callbacks = /* @__PURE__ */ new Map();
	/**
	* Async effects that are currently in flight
	* @type {Map<Effect, number>}
	*/
	#pending = /* @__PURE__ */ new Map();
	/**
	* Effects whose async work settled, waiting to be removed from `#pending`
	* when this batch starts processing (so another batch flushing first doesn't
	* treat this batch's boundary work as rendered before it flushes)
	* @type {Effect[]}
	*/
	#decremented = [];
	/**
	* A deferred that resolves when the batch is committed, used with `settled()`
	* TODO replace with Promise.withResolvers once supported widely enough
	* @type {{ promise: Promise<void>, resolve: (value?: any) => void, reject: (reason: unknown) => void } | null}
	*/
	#deferred = null;
	/**
	* Effects to (re-)validate when this batch is processed next, and their status (DIRTY or MAYBE_DIRTY):
	* those that were scheduled while it wasn't being processed (see {@link schedule}), and those whose run
	* was deferred because it has pending work (see `#defer_effects`)
	* @type {Map<Effect, number>}
	*/
	#unprocessed = /* @__PURE__ */ new Map();
	/**
	* Effects that were scheduled in this batch but not yet 'resolved' into the
	* root effects that need to be flushed. Resolving — the upwards traversal that
	* marks the path to each effect on the shared effect tree (see #resolve) — is
	* deferred until the batch is processed, so that the markers are created and
	* consumed within a single traversal. Scheduling into other batches (which can
	* happen concurrently, e.g. while a batch is committed) can therefore never
	* observe (and be confused by) this batch's markers.
	* May contain duplicates — deduplication happens during resolving
	* @type {Effect[]}
	*/
	#scheduled = [];
	/**
	* Branches that still exist, but will be destroyed when this batch
	* is committed — we skip over these during `#process`
	* @type {Set<Effect>}
	*/
	#skipped_branches = /* @__PURE__ */ new Set();
	/**
	* Branches that this batch selected (see `unskip_effect`). A branch that is offscreen until
	* it is committed (see `EFFECT_OFFSCREEN`) only exists in the views of the batches that selected it
	* @type {Set<Effect>}
	*/
	#unskipped_branches = /* @__PURE__ */ new Set();
	is_fork = false;
	/**
	* The batch that this one was merged into, if any (see `#merge`). Its async work that is still in flight
	* continues as part of that one
	* @type {Batch | null}
	*/
	merged = null;
	/**
	* Batches whose runs this batch aborted. Merge into them before waiting for pending work.
	* Requests belong to this batch because a synchronous derived can abort outside traversal,
	* before an unrelated batch is processed (e.g. a fork being committed).
	* @type {Set<Batch>}
	*/
	merge_requests = /* @__PURE__ */ new Set();
	#committed = false;
	#decrement_queued = false;
	constructor() {
		if (last_batch === null) first_batch = last_batch = this;
		else {
			last_batch.next = this;
			this.prev = last_batch;
		}
		last_batch = this;
	}
	#is_deferred() {
		return false;
	}
	/**
	* Whether `effect` is a branch that this batch skips, or that only exists offscreen for other batches
	* @param {Effect} effect
	*/
	#skips(effect) {
		return this.#skipped_branches.has(effect) || (effect.f & 33554432) !== 0 && !this.#unskipped_branches.has(effect);
	}
	/**
	* Whether `effect` is inside a branch that this batch skips, i.e. doesn't exist in its view of the world
	* @param {Effect} effect
	*/
	is_skipped(effect) {
		for (var e = effect; e !== null; e = e.parent) if (this.#skips(e)) return true;
		return false;
	}
	/**
	* Whether async work in `effect` holds up this batch — or, with `root`, the boundary whose content `root` is.
	* It doesn't if the effect is inside a branch that this batch skips (the branch is going to be destroyed),
	* or inside a boundary that is pending (which shows its pending snippet in the meantime).
	* Unlike a skipped branch, the content of a pending boundary does exist in the view of the batch: its
	* effects are still re-validated (see `#revalidate`), they just don't keep the batch from committing
	* @param {Effect} effect
	* @param {Effect | null} [root]
	*/
	is_blocked_by(effect, root = null) {
		return false;
	}
	/**
	* Whether `root` (a boundary's `#main_effect`) exists and has no blocking pending async work in this batch's view
	* @param {Effect} root
	*/
	is_boundary_ready(root) {
		return true;
	}
	/**
	* @param {Effect} effect
	*/
	skip_effect(effect) {
		this.#skipped_branches.add(effect);
		this.#unskipped_branches.delete(effect);
	}
	/**
	* @param {Effect} effect
	*/
	unskip_effect(effect) {
		if (this.#skipped_branches.delete(effect) || !this.#unskipped_branches.has(effect) && ((effect.f & 33554432) !== 0 || this.folded.some((batch) => batch.#skipped_branches.has(effect)))) this.revalidate_branch(effect);
		this.#unskipped_branches.add(effect);
	}
	/**
	* Like `unskip_effect`, for a branch that was just created offscreen while this batch is processed.
	* Its effects ran in this batch's view of the world when they were created, so there's nothing to re-validate
	* TODO can we skip revalidation in `unskip_effect` in more cases, by detecting whether things changed
	* inside a branch while it was skipped?
	* @param {Effect} effect
	*/
	unskip_new_effect(effect) {
		this.#unskipped_branches.add(effect);
	}
	/**
	* @param {Effect} effect
	*/
	revalidate_branch(effect) {
		for (var e = effect.first; e !== null; e = e.next) {
			var flags = e.f;
			if ((flags & 24576) === 0 && !this.#skips(e)) {
				if ((flags & 131168) === 0 && e.fn !== null) this.schedule(e, MAYBE_DIRTY);
				this.revalidate_branch(e);
			}
		}
	}
	/**
	* Convert the effects that were scheduled in this batch into the root effects
	* that need to be traversed, marking the path to each effect (by clearing the
	* `CLEAN` flag on ancestor branches) so that the traversal can find them.
	* This happens right before traversal rather than at scheduling time, so that
	* the markers left on the (shared) effect tree are created and consumed within
	* a single traversal — scheduling into other batches can never observe them
	* @returns {Effect[]}
	*/
	#resolve() {
		/** @type {Effect[]} */
		var roots = [];
		for (const effect of this.#scheduled) {
			if ((effect.f & 16384) !== 0 || (effect.f & 6144) === 0) continue;
			var e = effect;
			var covered = false;
			while (e.parent !== null) {
				e = e.parent;
				var flags = e.f;
				if ((flags & 96) !== 0) {
					if ((flags & 1024) === 0) {
						covered = true;
						break;
					}
					e.f ^= CLEAN;
				}
			}
			if (!covered) roots.push(e);
		}
		this.#scheduled = [];
		return roots;
	}
	#process() {
		/** @type {Batch | null} */
		var batch = this;
		while (batch !== null) batch = batch.#process_step();
	}
	/**
	* Processes this batch and returns the batch that needs to be processed next, if any
	* @returns {Batch | null}
	*/
	#process_step() {
		current_batch = processing_batch = this;
		if (this.#decremented.length > 0) {
			for (const effect of this.#decremented) {
				var count = this.#pending.get(effect) ?? 0;
				if (count <= 1) this.#pending.delete(effect);
				else this.#pending.set(effect, count - 1);
			}
			this.#decremented.length = 0;
		}
		teardown_context?.derived_cache.clear();
		this.started = true;
		last_processed = this.id;
		if (this.#unprocessed.size > 0) {
			for (const [e, status] of this.#unprocessed) this.#add(e, status);
			this.#unprocessed.clear();
		}
		this.activate();
		/** @type {Effect[]} */
		var effects = collected_effects = [];
		/** @type {Effect[]} */
		var render_effects = [];
		/**
		* @type {Effect[]}
		* @deprecated when we get rid of legacy mode and stores, we can get rid of this
		*/
		var updates = legacy_updates = [];
		while (this.#scheduled.length > 0) {
			if (flush_count++ > 1e3) {
				this.#unlink();
				infinite_loop_guard();
			}
			for (const root of this.#resolve()) try {
				this.#traverse(root, effects, render_effects);
			} catch (e) {
				reset_branch(root, true);
				if (!this.#is_deferred()) this.discard();
				throw e;
			}
			if (this.#scheduled.length > 0) {
				for (const effect of render_effects) this.#scheduled.push(effect);
				for (const effect of effects) this.#scheduled.push(effect);
				render_effects.length = 0;
				effects.length = 0;
			}
		}
		current_batch = null;
		if (updates.length > 0) {
			var batch = Batch.ensure();
			for (const e of updates) if ((e.f & 1024) === 0) batch.schedule(e, MAYBE_DIRTY);
		}
		collected_effects = null;
		legacy_updates = null;
		if (this.merge_requests.size > 0) {
			const sorted = Array.from(this.merge_requests, merge_target).filter((batch) => batch !== this && batch.linked && !batch.is_fork).sort((a, b) => a.id - b.id);
			this.merge_requests.clear();
			if (sorted.length > 0) {
				this.#defer_effects(render_effects);
				this.#defer_effects(effects);
				/** @type {Batch} */
				var target = this;
				var i = sorted.length;
				while (i--) {
					var earlier = sorted[i];
					if (earlier === target) continue;
					earlier.#merge(target);
					target = earlier;
				}
				return target;
			}
		}
		if (this.#is_deferred()) {
			this.#defer_effects(render_effects);
			this.#defer_effects(effects);
			for (const e of this.#skipped_branches) reset_branch(e);
			if (updates.length > 0) return current_batch;
			return null;
		}
		const earlier_batch = this.#find_earlier_batch();
		if (earlier_batch) {
			this.#defer_effects(render_effects);
			this.#defer_effects(effects);
			earlier_batch.#merge(this);
			return earlier_batch;
		}
		this.#release_records(true);
		this.#run_callbacks(this.#commit_callbacks);
		var was_flushing_effects = is_flushing_effects;
		var previous_captured_writes = captured_writes;
		try {
			is_flushing_effects = true;
			flush_queued_effects(effects, flush_queued_effects(render_effects));
		} finally {
			is_flushing_effects = was_flushing_effects;
			captured_writes = previous_captured_writes;
		}
		this.#deferred?.resolve();
		var next_batch = current_batch;
		if (this.#pending.size === 0 && (this.#scheduled.length === 0 || next_batch !== null)) this.#unlink();
		if (next_batch !== null) {
			if (teardown_context !== null) {
				for (const [source, snapshot] of teardown_context.reverted_values) if (next_batch.previous.get(source)?.wv !== snapshot.wv) teardown_context.reverted_values.delete(source);
			}
		}
		return next_batch;
	}
	/**
	* Schedule the reactions that (transitively) depend on `sources` for re-validation in this batch.
	* They are marked MAYBE_DIRTY, which means that they are only re-run if the exact versions
	* of their dependencies differ from the ones they last saw (in this batch's view of the world)
	* @param {Iterable<Source>} sources
	*/
	#revalidate(sources) {}
	/**
	* Traverse the effect tree, executing effects or stashing
	* them for later execution as appropriate
	* @param {Effect} root
	* @param {Effect[]} effects
	* @param {Effect[]} render_effects
	*/
	#traverse(root, effects, render_effects) {
		root.f ^= CLEAN;
		var effect = root.first;
		while (effect !== null) {
			var flags = effect.f;
			var is_branch = (flags & 96) !== 0;
			if (!(is_branch && (flags & 1024) !== 0 || (flags & 139264) !== 0 || this.#skips(effect)) && effect.fn !== null) {
				if (is_branch) effect.f ^= CLEAN;
				else if ((flags & 4) !== 0) effects.push(effect);
				else if (is_dirty(effect)) update_effect(effect);
				var child = effect.first;
				if (child !== null) {
					effect = child;
					continue;
				}
			}
			while (effect !== null) {
				var next = effect.next;
				if (next !== null) {
					effect = next;
					break;
				}
				effect = effect.parent;
			}
		}
	}
	#find_earlier_batch() {
		for (var batch = this.prev; batch !== null; batch = batch.prev) if (!batch.is_fork && this.#intersects(batch)) return batch;
		return null;
	}
	/** @param {Batch} batch */
	#intersects(batch) {
		for (const source of this.current.keys()) if (batch.current.has(source)) return true;
		return false;
	}
	/**
	* Take over the writes of a later batch that depends on this one, because it finished first
	* or aborted one of this batch's runs.
	* Values it produced (async results, deriveds) remain valid; block effects select their
	* branches again for this batch, if needed (their selections are keyed by batch)
	* @param {Batch} batch
	*/
	#merge(batch) {
		for (const target of batch.merge_requests) this.merge_requests.add(target);
		batch.merge_requests.clear();
		for (const [source, entry] of batch.current) {
			if (!this.previous.has(source)) {
				const previous = batch.previous.get(source);
				if (previous) this.previous.set(source, previous);
			}
			this.current.set(source, entry);
		}
		for (const [effect, deferred] of batch.async_deriveds) {
			const d = this.async_deriveds.get(effect);
			if (d && d !== deferred) deferred.promise.then(d.resolve, d.reject);
			this.async_deriveds.set(effect, deferred);
		}
		for (const [reaction, record] of batch.records ?? []) if ((reaction.f & 16) === 0) {
			this.records?.get(reaction);
			(this.records ??= /* @__PURE__ */ new Map()).set(reaction, record);
			batch.records?.delete(reaction);
		}
		batch.async_deriveds.clear();
		if (batch.#pending.size > 0) {
			for (const [effect, count] of batch.#pending) this.#pending.set(effect, (this.#pending.get(effect) ?? 0) + count);
			batch.#pending.clear();
		}
		if (batch.#decremented.length > 0) {
			for (const effect of batch.#decremented) this.#decremented.push(effect);
			batch.#decremented.length = 0;
		}
		if (batch.#unprocessed.size > 0) {
			for (const [effect, status] of batch.#unprocessed) this.#add_dirty_effect(effect, status);
			batch.#unprocessed.clear();
		}
		const discard = () => batch.discard();
		this.oncommit(discard);
		this.ondiscard(discard);
		batch.merged = this;
		batch.#unlink();
	}
	/**
	* Note that `effect` needs to be (re-)validated, without downgrading a DIRTY effect to MAYBE_DIRTY
	* @param {Effect} effect
	* @param {number} status DIRTY or MAYBE_DIRTY
	*/
	#add_dirty_effect(effect, status) {
		if (status === 2048 || this.#unprocessed.get(effect) !== 2048) this.#unprocessed.set(effect, status);
	}
	/**
	* @param {Effect[]} effects
	*/
	#defer_effects(effects) {
		for (var i = 0; i < effects.length; i += 1) {
			var effect = effects[i];
			var status = effect.f & (DIRTY | MAYBE_DIRTY);
			if (status !== 0) {
				this.#add_dirty_effect(effect, effect.dv === null ? MAYBE_DIRTY : status);
				set_signal_status(effect, CLEAN);
			}
		}
	}
	/**
	* Associate a change to a given source with the current
	* batch, noting its previous and current values (and versions).
	* The source itself is only updated if this is its latest value, i.e. unless this
	* is a fork (whose writes only exist in its own view of the world) or a later batch
	* already wrote to it (e.g. because an async expression resolved in an earlier batch).
	* @param {Value} source
	* @param {any} value
	* @param {boolean} same whether the value equals the real one (it can, if this batch sees another one, see
	* `internal_set`) — in which case the source isn't updated, and the value gets the same version
	* @param {boolean} [error] whether the value is an error (thrown when read, see `runtime.js#get`)
	* @param {Effect[] | null} [updated_during_traversal]
	*/
	capture(source, value, same, error = false, updated_during_traversal = null) {
		var previous = this.previous.get(source);
		var later = later_writer(this, source);
		if (previous === void 0) {
			previous = later?.previous.get(source);
			if (previous === void 0 && source.v !== UNINITIALIZED) previous = {
				v: source.v,
				wv: source.wv,
				e: (source.f & ERROR_VALUE) !== 0,
				assigned: (source.f & ASSIGNED) !== 0
			};
			if (previous !== void 0) this.previous.set(source, previous);
		}
		if (is_destroying_effect) teardown_write(source);
		else if (previous !== void 0) {
			teardown_context?.reverted_values.set(source, previous);
			teardown_context?.derived_cache.clear();
		}
		/** @type {BatchValue} */
		var entry = {
			v: value,
			wv: same ? source.wv : increment_write_version(),
			e: error,
			assigned: (source.f & 2) !== 0,
			async: (source.f & ASYNC) !== 0
		};
		this.current.set(source, entry);
		if (is_flushing_effects) (captured_writes ??= /* @__PURE__ */ new Set()).add(source);
		batch_values?.set(source, entry);
		if (same) invalidate_derived_checks();
		view_cache?.delete(source);
		if (!this.is_fork && later !== null) later.previous.set(source, entry);
		if (!this.is_fork && !same && later === null) apply(source, entry);
		if (!same) {
			seen = null;
			count_deps = 0;
			this.mark(source, DIRTY, updated_during_traversal);
			seen = null;
			if (eager_effects_used && eager_effects.size > 0 && !eager_effects_deferred) flush_eager_effects();
		}
	}
	deactivate() {
		current_batch = processing_batch = batch_values = view_cache = view_batch = null;
	}
	flush() {
		var context = push_teardown_context(this.previous);
		try {
			this.#process();
			if (rebases.size > 0) for (const batch of rebases) {
				rebases.delete(batch);
				if (batch.linked && !batch.#decrement_queued) batch.#process();
			}
		} finally {
			flush_count = 0;
			last_scheduled_effect = null;
			collected_effects = null;
			legacy_updates = null;
			teardown_context = context.parent;
			this.deactivate();
		}
	}
	discard() {
		this.#run_callbacks(this.#discard_callbacks);
		for (const deferred of this.async_deriveds.values()) deferred.reject(OBSOLETE);
		this.#unlink();
		this.#deferred?.resolve();
	}
	#commit() {}
	/**
	* Make this batch's writes the real world, part of every other batch's view (see `#commit`).
	* If it has pending work it stays linked, coming first from now on (see `#move_to_front`)
	*/
	commit_writes() {}
	/**
	* @param {Effect} effect
	*/
	increment(effect) {}
	/**
	* @param {Effect} effect
	*/
	decrement(effect) {}
	/** @param {(batch: Batch) => void} fn */
	oncommit(fn) {
		this.#commit_callbacks.set(fn, eager_block_writes?.size ? eager_block_writes : null);
	}
	/** @param {(batch: Batch) => void} fn */
	ondiscard(fn) {
		this.#discard_callbacks.set(fn, eager_block_writes?.size ? eager_block_writes : null);
	}
	/**
	* Runs the commit/discard callbacks.
	* A callback that was added while block effects re-ran eagerly detaches the branches that such a run
	* deselected (see `flush_queued_effects`). The teardowns it causes see the writes that applied in the
	* run's view, like they would have during the run: of the values that the current teardown context
	* reverts, the writes of the effects that ran before the one whose writes caused the run are restored.
	* Callbacks run untracked, because a batch can commit while an effect runs (e.g. one that calls `flushSync`)
	* @param {Map<(batch: Batch) => void, Map<Value, BatchValue> | null>} callbacks
	*/
	#run_callbacks(callbacks) {
		untrack(() => {
			for (const [fn, writes] of callbacks) {
				if (writes === null) {
					fn(this);
					continue;
				}
				var context = push_teardown_context();
				for (const [source, write] of writes) if (context.reverted_values.has(source)) context.reverted_values.set(source, write);
				try {
					fn(this);
				} finally {
					teardown_context = context.parent;
				}
			}
		});
		callbacks.clear();
	}
	settled() {
		return (this.#deferred ??= deferred()).promise;
	}
	static ensure() {
		if (current_batch === null) {
			const batch = current_batch = new Batch();
			if (processing_batch === null && !is_flushing_sync) queue_micro_task(() => {
				if (!batch.started) batch.flush();
			});
		}
		return current_batch;
	}
	/**
	* Make this the current batch, and its view of the world the active one
	*/
	activate() {
		current_batch = this;
		view_batch = this;
		if (last_processed !== this.id) last_processed = null;
		batch_values = view_cache = null;
	}
	/**
	* The record of `reaction` in this batch's view of the world, i.e. that of this batch
	* or of the (earlier) batches whose changes it includes, if any
	* @param {Reaction} reaction
	* @returns {BatchRecord | undefined}
	*/
	get_record(reaction) {
		var record = this.records?.get(reaction);
		var i = this.folded.length;
		while (record === void 0 && i--) record = this.folded[i].records?.get(reaction);
		return record;
	}
	/**
	* @param {Value} signal
	* @param {number} status should be DIRTY or MAYBE_DIRTY
	* @param {Effect[] | null} [updated_during_traversal]
	* @returns {void}
	*/
	mark(signal, status, updated_during_traversal = null) {
		var reactions = signal.reactions;
		if (reactions === null) return;
		var runes = is_runes();
		var length = reactions.length;
		count_deps += length;
		if (count_deps > 1e5 && seen === null) seen = /* @__PURE__ */ new Set();
		if (seen !== null) {
			if (seen.has(signal)) return;
			seen.add(signal);
		}
		for (var i = 0; i < length; i++) {
			var reaction = reactions[i];
			var flags = reaction.f;
			if (!runes && reaction === active_effect) continue;
			var not_dirty = (flags & DIRTY) === 0;
			if (eager_effects_used && (flags & 131072) !== 0) {
				if (!this.is_fork) {
					if (not_dirty) set_signal_status(reaction, status);
					eager_effects.add(reaction);
				}
			} else if ((flags & 2) !== 0) {
				if (not_dirty) set_signal_status(reaction, status);
				var derived = reaction;
				view_cache?.delete(derived);
				this.mark(derived, MAYBE_DIRTY, updated_during_traversal);
			} else if (not_dirty) {
				var effect = reaction;
				if ((flags & 16) !== 0 && eager_block_effects !== null) {
					set_signal_status(effect, status);
					eager_block_effects.add(effect);
				}
				if (updated_during_traversal !== null) {
					set_signal_status(effect, status);
					updated_during_traversal.push(effect);
				} else this.schedule(effect, status);
			}
		}
	}
	/**
	* Schedule `effect` to be (re-)validated when this batch is processed. Its status only applies right
	* away if this is the batch that the current flush processes (next), or if a reaction is running (which
	* may have read what changed). Otherwise, whether an effect is dirty depends on this batch's view of the
	* world, so other batches (which may be processed first) mustn't see it: it is kept with this batch until
	* it is processed, and then checked against the exact versions of its dependencies (i.e. MAYBE_DIRTY)
	* @param {Effect} effect
	* @param {number} status DIRTY or MAYBE_DIRTY
	*/
	schedule(effect, status) {
		last_scheduled_effect = effect;
		if (view_batch !== null && view_batch !== this && effect !== active_reaction) {
			this.#add_dirty_effect(effect, (effect.f & 2097152) !== 0 ? status : MAYBE_DIRTY);
			return;
		}
		if (processing_batch !== this && active_reaction === null) {
			if (this.prev !== null || this.next !== null || this.is_fork) {
				this.#add_dirty_effect(effect, MAYBE_DIRTY);
				return;
			}
			status = MAYBE_DIRTY;
		}
		this.#add(effect, status);
	}
	/**
	* @param {Effect} effect
	* @param {number} status
	*/
	#add(effect, status) {
		if ((effect.f & 2048) === 0) set_signal_status(effect, status);
		this.#scheduled.push(effect);
	}
	/** @param {boolean} commit whether the effects' runs become global state */
	#release_records(commit = false) {
		var records = this.records;
		if (records === null) return;
		this.records = null;
		for (const [reaction, record] of records) if ((reaction.f & 16386) === 0) {
			var replaced = (reaction.f & 4194304) !== 0 && is_outdated(record) && !is_outdated(reaction);
			if (commit && !replaced) {
				promote_record(reaction, record);
				if ((reaction.f & 4194304) !== 0) {
					for (let b = first_batch; b !== null; b = b.next) if (b !== this && !b.records?.has(reaction)) b.async_deriveds.get(reaction)?.reject(OBSOLETE);
				}
			}
			prune_edges(reaction);
		}
	}
	/**
	* A batch that committed while work inside a pending boundary was in flight stays linked, so that the results
	* arrive in it. Its writes are the real world now, part of every other batch's view, so it comes first from now
	* on: This ensures logic about who sees what values in intersects/merge/etc work correctly.
	*/
	#move_to_front() {}
	#unlink() {
		if (!this.linked) return;
		var prev = this.prev;
		var next = this.next;
		if (prev === null) first_batch = next;
		else prev.next = next;
		if (next === null) last_batch = prev;
		else next.prev = prev;
		this.linked = false;
		this.#release_records();
	}
};
/**
* Synchronously flush any pending updates.
* Returns void if no callback is provided, otherwise returns the result of calling the callback.
* @template [T=void]
* @param {(() => T) | undefined} [fn]
* @returns {T}
*/
function flushSync(fn) {
	var was_flushing_sync = is_flushing_sync;
	var previous_view_batch = view_batch !== current_batch ? view_batch : null;
	is_flushing_sync = true;
	try {
		var result;
		if (fn) {
			flushSync();
			result = fn();
		}
		while (true) {
			flush_tasks();
			if (current_batch === null) return result;
			current_batch.flush();
		}
	} finally {
		is_flushing_sync = was_flushing_sync;
		view_batch = previous_view_batch;
	}
}
function infinite_loop_guard() {
	try {
		effect_update_depth_exceeded();
	} catch (error) {
		invoke_error_boundary(error, last_scheduled_effect);
	}
}
var is_flushing_effects = false;
/**
* Sources captured since the last effect in `flush_queued_effects` finished, including
* writes by its eager block reruns. Nested flushes use their own collector.
* @type {Set<Value> | null}
*/
var captured_writes = null;
/** @type {Set<Effect> | null} */
var eager_block_effects = null;
/**
* While block effects re-run eagerly (see `flush_queued_effects`), the writes of the effects that ran before the one
* whose writes caused the re-runs, which apply in their view (possibly none). `null` otherwise. The branches that
* these runs select/unskip are only appended (and those they skip detached) when the batch with the writes commits
* (see `should_defer_append`), and the teardowns that this causes see these writes, too (see `#run_callbacks`)
* @type {Map<Value, BatchValue> | null}
*/
var eager_block_writes = null;
/**
* An effect (as opposed to a render effect, which keeps the offscreen content up to date) inside a boundary
* that is still pending doesn't run when the batch commits. The boundary keeps it until it is revealed,
* and hands it to the batch that reveals it (see `Boundary#reveal`)
* TODO I feel like there's probably a less roundabout way to achieve this
* @param {Effect} effect
* @returns {boolean} whether the effect was deferred
*/
function defer_if_pending(effect) {
	if ((effect.f & 32772) !== 4) return false;
	for (var boundary = effect.b; boundary !== null; boundary = boundary.parent) if (boundary.is_pending) {
		boundary.defer_effect(effect);
		return true;
	}
	return false;
}
/**
* `earlier_writes` includes writes from the pre-effect phase. Eager block teardowns
* revert the running effect's writes, but not these earlier writes.
* @param {Array<Effect>} effects
* @param {Map<Value, BatchValue> | null} [earlier_writes]
* @returns {Map<Value, BatchValue> | null}
*/
function flush_queued_effects(effects, earlier_writes = null) {
	var length = effects.length;
	if (length === 0) return earlier_writes;
	var i = 0;
	while (i < length) {
		var effect = effects[i++];
		if ((effect.f & 24576) === 0 && !current_batch?.is_skipped(effect) && !defer_if_pending(effect) && is_dirty(effect)) {
			eager_block_effects = /* @__PURE__ */ new Set();
			var version = write_version;
			update_effect(effect);
			if (effect.edges === null && effect.first === null && effect.nodes === null && effect.teardown === null && effect.ac === null) unlink_effect(effect);
			if (eager_block_effects?.size > 0) {
				var previous_teardown_context = teardown_context;
				if (earlier_writes !== null) push_teardown_context(earlier_writes);
				var previous_eager_block_writes = eager_block_writes;
				eager_block_writes = new Map(earlier_writes);
				try {
					for (const e of eager_block_effects) {
						if ((e.f & 24576) !== 0 || current_batch?.is_skipped(e)) continue;
						/** @type {Effect[]} */
						const ordered_effects = [e];
						let ancestor = e.parent;
						while (ancestor !== null) {
							if (eager_block_effects.has(ancestor)) {
								eager_block_effects.delete(ancestor);
								ordered_effects.push(ancestor);
							}
							ancestor = ancestor.parent;
						}
						for (let j = ordered_effects.length - 1; j >= 0; j--) {
							const e = ordered_effects[j];
							if ((e.f & 24576) !== 0 || current_batch?.is_skipped(e)) continue;
							update_effect(e);
						}
					}
				} finally {
					eager_block_writes = previous_eager_block_writes;
					eager_block_effects?.clear();
					teardown_context = previous_teardown_context;
				}
			}
			if (write_version !== version && current_batch !== null && captured_writes !== null) for (const value of captured_writes) {
				var write = current_batch.current.get(value);
				if (write !== void 0 && write.wv > version) (earlier_writes ??= /* @__PURE__ */ new Map()).set(value, write);
			}
		}
		captured_writes?.clear();
	}
	eager_block_effects = null;
	return earlier_writes;
}
/**
* The next batch after `batch` that wrote `source`, if any. Its write comes after one of `batch` in order, so
* that one isn't the real-world value. Forks are skipped: their writes only exist in their own view of the world
* @param {Batch} batch
* @param {Value} source
*/
function later_writer(batch, source) {
	var later = batch.next;
	while (later !== null && (later.is_fork || !later.current.has(source))) later = later.next;
	return later;
}
/**
* Make a write the real-world value of `source`. A write to a derived is an assignment, whose
* value holds until one of the derived's dependencies is written after it (see `changed_since`)
* @param {Value} source
* @param {BatchValue} entry
*/
function apply(source, entry) {
	invalidate_derived_checks();
	source.v = entry.v;
	source.wv = entry.wv;
	source.f = entry.e ? source.f | ERROR_VALUE : source.f & ~ERROR_VALUE;
	if ((source.f & 2) !== 0) {
		source.f |= ASSIGNED;
		update_derived_status(source);
	}
}
/**
* Run `fn` with the real world (i.e. the latest values) as the active view, regardless of which batch is active
* @param {() => void} fn
*/
function in_real_world(fn) {
	var previous_batch_values = batch_values;
	var previous_view_cache = view_cache;
	var previous_view_batch = view_batch;
	batch_values = view_cache = view_batch = null;
	try {
		fn();
	} finally {
		batch_values = previous_batch_values;
		view_cache = previous_view_cache;
		view_batch = previous_view_batch;
	}
}
/**
* Mark all the effects inside a skipped branch CLEAN, so that they can be correctly
* rescheduled later (if the branch survives, its effects are re-validated, see `unskip_effect`)
* @param {Effect} effect
* @param {boolean} force reset even clean branches following an error
*/
function reset_branch(effect, force = false) {
	if (!force && (effect.f & 32) !== 0 && (effect.f & 1024) !== 0) return;
	set_signal_status(effect, CLEAN);
	var e = effect.first;
	while (e !== null) {
		reset_branch(e, force);
		e = e.next;
	}
}
// node_modules/svelte/src/internal/client/reactivity/sources.js
/** @import { Derived, Effect, Source, Value } from '#client' */
/** @type {Set<Effect>} */
var eager_effects = /* @__PURE__ */ new Set();
var eager_effects_deferred = false;
/**
* @template V
* @param {V} v
* @param {Error | null} [stack]
* @returns {Source<V>}
*/
function source(v, stack) {
	return {
		f: 0,
		v,
		reactions: null,
		equals,
		rv: 0,
		wv: 0
	};
}
/**
* @template V
* @param {V} v
* @param {Error | null} [stack]
*/
/*#__NO_SIDE_EFFECTS__*/
function state(v, stack) {
	const s = source(v, stack);
	push_reaction_value(s);
	return s;
}
/**
* @template V
* @param {V} initial_value
* @param {boolean} [immutable]
* @returns {Source<V>}
*/
/*#__NO_SIDE_EFFECTS__*/
function mutable_source(initial_value, immutable = false, trackable = true) {
	const s = source(initial_value);
	if (!immutable) s.equals = safe_equals;
	return s;
}
/**
* Throws if `source` cannot be written to in the current reaction. Called by `set`, and by
* objects like `SvelteMap` that must check before changing data of their own — those then
* write the rest of their sources with `unchecked_set`, so that they either change
* entirely or not at all
* @param {Value} source
*/
function check_mutation(source) {
	if (active_reaction !== null && (!untracking || (active_reaction.f & 131072) !== 0) && is_runes() && (active_reaction.f & 4325394) !== 0 && (current_sources === null || !current_sources.has(source))) state_unsafe_mutation();
}
/**
* @template V
* @param {Value<V>} source
* @param {V} value
* @param {boolean} [should_proxy]
* @returns {V}
*/
function set(source, value, should_proxy = false) {
	check_mutation(source);
	return unchecked_set(source, value, should_proxy);
}
/**
* Like `set`, but without `check_mutation`. Only use this after checking a source that
* belongs to the same object (such as its version)
* TOOD 6.0 many calls to `unchecked_set` could be `internal_set`, once we
* get rid of `legacy_updates`
* @template V
* @param {Value<V>} source
* @param {V} value
* @param {boolean} [should_proxy]
* @returns {V}
*/
function unchecked_set(source, value, should_proxy = false) {
	return internal_set(source, should_proxy ? proxy(value) : value, legacy_updates);
}
/**
* @template V
* @param {Value<V>} source
* @param {V} value
* @param {Effect[] | null} [updated_during_traversal]
* @returns {V}
*/
function internal_set(source, value, updated_during_traversal = null) {
	var same = source.equals(value) && (source.f & 8388608) === 0;
	var entry = batch_values?.get(source);
	if (!same || entry !== void 0 && (entry.e || !source.equals.call(entry, value))) {
		var batch = Batch.ensure();
		if ((source.f & 67110914) === 2050) execute_derived(source);
		batch.capture(source, value, same, false, updated_during_traversal);
		if (is_runes() && active_effect !== null && (active_effect.f & 1024) !== 0 && (active_effect.f & 96) === 0) {
			if (untracked_writes === null) set_untracked_writes([source]);
			else untracked_writes.push(source);
		}
	} else if (is_destroying_effect) teardown_write(source);
	return value;
}
function flush_eager_effects() {
	eager_effects_deferred = false;
	in_real_world(run_eager_effects);
}
function run_eager_effects() {
	for (const effect of eager_effects) {
		if ((effect.f & 1024) !== 0) set_signal_status(effect, MAYBE_DIRTY);
		let dirty;
		try {
			dirty = is_dirty(effect);
		} catch {
			dirty = true;
		}
		if (dirty) update_effect(effect);
	}
	eager_effects.clear();
}
/**
* Like `increment`, but without `check_mutation` — see `unchecked_set`
* @param {Source<number>} source
*/
function unchecked_increment(source) {
	unchecked_set(source, source.v + 1);
}
/**
* @template T
* @param {T} value
* @returns {T}
*/
function proxy(value) {
	if (typeof value !== "object" || value === null || STATE_SYMBOL in value || COMPONENT_SYMBOL in value) return value;
	const prototype = get_prototype_of(value);
	if (prototype !== object_prototype && prototype !== array_prototype) return value;
	/** @type {Map<any, Source<any>>} */
	var sources = /* @__PURE__ */ new Map();
	var is_proxied_array = is_array(value);
	var version = /* @__PURE__ */ state(0);
	var stack = null;
	var parent_version = update_version;
	/**
	* Executes the proxy in the context of the reaction it was originally created in, if any
	* @template T
	* @param {() => T} fn
	*/
	var with_parent = (fn) => {
		if (update_version === parent_version) return fn();
		var reaction = active_reaction;
		var version = update_version;
		set_active_reaction(null);
		set_update_version(parent_version);
		var result = fn();
		set_active_reaction(reaction);
		set_update_version(version);
		return result;
	};
	if (is_proxied_array) sources.set("length", /* @__PURE__ */ state(
		/** @type {any[]} */
		value.length,
		stack
	));
	return new Proxy(value, {
		defineProperty(_, prop, descriptor) {
			if (!("value" in descriptor) || descriptor.configurable === false || descriptor.enumerable === false || descriptor.writable === false) state_descriptors_fixed();
			check_mutation(version);
			var s = sources.get(prop);
			if (s === void 0) with_parent(() => {
				var s = /* @__PURE__ */ state(descriptor.value, stack);
				sources.set(prop, s);
				return s;
			});
			else unchecked_set(s, descriptor.value, true);
			return true;
		},
		deleteProperty(target, prop) {
			check_mutation(version);
			var s = sources.get(prop);
			if (s === void 0) {
				if (prop in target) {
					const s = with_parent(() => /* @__PURE__ */ state(UNINITIALIZED, stack));
					sources.set(prop, s);
					unchecked_increment(version);
				}
			} else {
				unchecked_set(s, UNINITIALIZED);
				unchecked_increment(version);
			}
			return true;
		},
		get(target, prop, receiver) {
			if (prop === STATE_SYMBOL) return value;
			var s = sources.get(prop);
			var exists = prop in target;
			if (s === void 0 && (!exists || get_descriptor(target, prop)?.writable)) {
				s = with_parent(() => {
					return /* @__PURE__ */ state(proxy(exists ? target[prop] : UNINITIALIZED), stack);
				});
				sources.set(prop, s);
			}
			if (s !== void 0) {
				var v = get(s);
				return v === UNINITIALIZED ? void 0 : v;
			}
			return Reflect.get(target, prop, receiver);
		},
		getOwnPropertyDescriptor(target, prop) {
			this.has?.(target, prop);
			var descriptor = Reflect.getOwnPropertyDescriptor(target, prop);
			var s = sources.get(prop);
			if (s !== void 0) {
				var value = get(s);
				if (value === UNINITIALIZED) return;
				if (descriptor && "value" in descriptor) descriptor.value = value;
				else return {
					enumerable: true,
					configurable: true,
					value,
					writable: true
				};
			}
			return descriptor;
		},
		has(target, prop) {
			if (prop === STATE_SYMBOL) return true;
			var s = sources.get(prop);
			var has = s !== void 0 && s.v !== UNINITIALIZED || Reflect.has(target, prop);
			if (s !== void 0 || (active_effect !== null || active_reaction !== null) && (!has || get_descriptor(target, prop)?.writable)) {
				if (s === void 0) {
					s = with_parent(() => {
						return /* @__PURE__ */ state(has ? proxy(target[prop]) : UNINITIALIZED, stack);
					});
					sources.set(prop, s);
				}
				if (get(s) === UNINITIALIZED) return false;
			}
			return has;
		},
		set(target, prop, value, receiver) {
			check_mutation(version);
			var s = sources.get(prop);
			var has = prop in target;
			if (is_proxied_array && prop === "length") for (var i = value; i < s.v; i += 1) {
				var other_s = sources.get(i + "");
				if (other_s !== void 0) unchecked_set(other_s, UNINITIALIZED);
				else if (i in target) {
					other_s = with_parent(() => /* @__PURE__ */ state(UNINITIALIZED, stack));
					sources.set(i + "", other_s);
				}
			}
			if (s === void 0) {
				if (!has || get_descriptor(target, prop)?.writable) {
					s = with_parent(() => /* @__PURE__ */ state(void 0, stack));
					unchecked_set(s, proxy(value));
					sources.set(prop, s);
				}
			} else {
				has = s.v !== UNINITIALIZED;
				var p = with_parent(() => proxy(value));
				unchecked_set(s, p);
			}
			var descriptor = Reflect.getOwnPropertyDescriptor(target, prop);
			if (descriptor?.set) descriptor.set.call(receiver, value);
			if (!has) {
				if (is_proxied_array && typeof prop === "string") {
					var ls = sources.get("length");
					var n = Number(prop);
					if (Number.isInteger(n) && n >= ls.v) unchecked_set(ls, n + 1);
				}
				unchecked_increment(version);
			}
			return true;
		},
		ownKeys(target) {
			get(version);
			var own_keys = Reflect.ownKeys(target).filter((key) => {
				var source = sources.get(key);
				return source === void 0 || source.v !== UNINITIALIZED;
			});
			for (var [key, source] of sources) if (source.v !== UNINITIALIZED && !(key in target)) own_keys.push(key);
			return own_keys;
		},
		setPrototypeOf() {
			state_prototype_fixed();
		}
	});
}
// node_modules/svelte/src/internal/client/dom/operations.js
/** @type {() => Node | null} */
var first_child_getter = invalid_bundler_config;
/** @type {() => Node | null} */
var next_sibling_getter = invalid_bundler_config;
/**
* Creates a node that only marks a position. In the DOM this is an empty text node; with a
* custom renderer it's an empty comment, so that renderers can treat every comment as
* plumbing and every text node as content
* @returns {Text}
*/
function create_anchor() {
	if (current_renderer) return current_renderer.createComment("");
	return document.createTextNode("");
}
/**
* @template {Node} N
* @param {N} node
*/
/*@__NO_SIDE_EFFECTS__*/
function get_first_child(node) {
	if (current_renderer) return current_renderer.getFirstChild(node);
	return first_child_getter.call(node);
}
/**
* @template {Node} N
* @param {N} node
*/
/*@__NO_SIDE_EFFECTS__*/
function get_next_sibling(node) {
	if (current_renderer) return current_renderer.getNextSibling(node);
	return next_sibling_getter.call(node);
}
/**
* @template {Node} N
* @param {N} node
* @returns {void}
*/
function clear_text_content(node) {
	if (current_renderer) {
		var child = current_renderer.getFirstChild(node);
		while (child !== null) {
			var next = current_renderer.getNextSibling(child);
			current_renderer.remove(child);
			child = next;
		}
		return;
	}
	node.textContent = "";
}
function create_fragment() {
	if (current_renderer) return current_renderer.createFragment();
	return document.createDocumentFragment();
}
/**
* @param {Node | null | undefined} node
*/
function node_type(node) {
	if (node == null) return void 0;
	if (current_renderer) return CUSTOM_RENDERER_NODE_TYPE_MAP[current_renderer.getNodeType(node)];
	return node.nodeType;
}
/**
* @param {Node} node
* @returns {TemplateNode | null}
*/
function get_parent_node(node) {
	if (current_renderer) return current_renderer.getParent(node);
	return node.parentNode;
}
/**
* @param {Node} parent
* @param {Node} child
* @returns {Node}
*/
function append_child(parent, child) {
	if (current_renderer) {
		current_renderer.insert(parent, child, null);
		return child;
	}
	return parent.appendChild(child);
}
/**
* Insert `new_node` before `ref_node` (equivalent to `ref_node.before(new_node)`)
* @param {ChildNode} ref_node
* @param {Node} new_node
*/
function insert_before(ref_node, new_node) {
	if (current_renderer) {
		var parent = current_renderer.getParent(ref_node);
		current_renderer.insert(parent, new_node, ref_node);
		return;
	}
	ref_node.before(new_node);
}
/**
* @param {ChildNode} node
*/
function remove_node(node) {
	if (current_renderer) {
		current_renderer.remove(node);
		return;
	}
	node.remove();
}
/**
* @param {Node} parent
* @param {ChildNode} child
* @returns {ChildNode}
*/
function remove_child(parent, child) {
	if (current_renderer) {
		current_renderer.remove(child);
		return child;
	}
	return parent.removeChild(child);
}
/**
* @param {Node} node
* @returns {string | null}
*/
function get_node_value(node) {
	if (current_renderer) return current_renderer.getText(node);
	return node.nodeValue;
}
// node_modules/svelte/src/internal/client/error-handling.js
/** @import { Effect } from '#client' */
/** @import { Boundary } from './dom/blocks/boundary.js' */
/**
* @param {unknown} error
*/
function handle_error(error) {
	var effect = active_effect;
	if (effect === null) return error;
	if ((effect.f & 32768) === 0 && (effect.f & 4) === 0) throw error;
	invoke_error_boundary(error, effect);
}
/**
* @param {unknown} error
* @param {Effect | null} effect
*/
function invoke_error_boundary(error, effect) {
	if (error === HYDRATION_ERROR) throw error;
	if (effect !== null && (effect.f & 16384) !== 0) return;
	while (effect !== null) {
		if ((effect.f & 128) !== 0 && (effect.f & 33570816) === 0) {
			if ((effect.f & 32768) === 0) throw error;
			try {
				/** @type {Boundary} */ effect.b.error(error);
				return;
			} catch (e) {
				error = e;
			}
		}
		effect = effect.parent;
	}
	throw error;
}
// node_modules/svelte/src/internal/client/reactivity/effects.js
/** @import { ComponentContext, ComponentContextLegacy, Derived, Effect, TemplateNode, TransitionManager } from '#client' */
/** @import { Blocker } from './async.js' */
/**
* @param {Effect} effect
* @param {Effect} parent_effect
*/
function push_effect(effect, parent_effect) {
	var parent_last = parent_effect.last;
	if (parent_last === null) parent_effect.last = parent_effect.first = effect;
	else {
		parent_last.next = effect;
		effect.prev = parent_last;
		parent_effect.last = effect;
	}
}
/**
* @param {number} type
* @param {null | (() => void | (() => void))} fn
* @returns {Effect}
*/
function create_effect(type, fn) {
	var parent = active_effect;
	if (parent !== null && (parent.f & 8192) !== 0) type |= INERT;
	/** @type {Effect} */
	var effect = {
		ctx: component_context,
		deps: null,
		dv: null,
		edges: null,
		nodes: null,
		f: type | DIRTY | 512,
		first: null,
		fn,
		last: null,
		next: null,
		parent,
		b: parent && parent.b,
		prev: null,
		teardown: null,
		wv: 0,
		ac: null,
		r: current_renderer
	};
	/** @type {Effect | null} */
	var e = effect;
	if ((type & 4) !== 0) {
		if (collected_effects !== null) collected_effects.push(effect);
		else Batch.ensure().schedule(effect, DIRTY);
	} else if (fn !== null) {
		try {
			update_effect(effect);
		} catch (e) {
			destroy_effect(effect);
			throw e;
		}
		if (e.edges === null && e.teardown === null && e.nodes === null && e.first === e.last && (e.f & 524288) === 0) {
			e = e.first;
			if ((type & 16) !== 0 && (type & 65536) !== 0 && e !== null) e.f |= EFFECT_TRANSPARENT;
		}
	}
	if (e !== null) {
		e.parent = parent;
		if (parent !== null) push_effect(e, parent);
		if (active_reaction !== null && (active_reaction.f & 2) !== 0 && (type & 64) === 0) {
			var derived = active_reaction;
			(derived.effects ??= []).push(e);
		}
	}
	return effect;
}
/**
* Internal representation of `$effect.tracking()`
* @returns {boolean}
*/
function effect_tracking() {
	return active_reaction !== null && !untracking;
}
/**
* @param {() => void | (() => void)} fn
*/
function create_user_effect(fn) {
	return create_effect(4 | USER_EFFECT, fn);
}
/**
* Whether an eager effect (`$inspect`, `$state.eager`) was ever created. Until then no reaction
* has the `EAGER_EFFECT` flag, so code that handles eager effects can be skipped. Since this is only
* assigned in `eager_effect`, bundlers treat it as `false` when that isn't bundled, and remove
* the eager-effect handling it guards from apps that use neither `$state.eager` nor `$inspect`.
* It must be the first operand of those guards so that they can be folded away
*/
var eager_effects_used = false;
/**
* An effect root whose children can transition out
* @param {() => void} fn
* @returns {(options?: { outro?: boolean }) => Promise<void>}
*/
function component_root(fn) {
	Batch.ensure();
	const effect = create_effect(64 | EFFECT_PRESERVED, fn);
	return (options = {}) => {
		return new Promise((fulfil) => {
			if (options.outro) pause_effect(effect, () => {
				destroy_effect(effect);
				fulfil(void 0);
			});
			else {
				destroy_effect(effect);
				fulfil(void 0);
			}
		});
	};
}
/**
* @param {() => void | (() => void)} fn
* @param {number} flags
*/
function block(fn, flags = 0) {
	return create_effect(16 | flags, fn);
}
/**
* @param {(() => void)} fn
*/
function branch(fn) {
	return create_effect(32 | EFFECT_PRESERVED, fn);
}
/**
* @param {Effect} effect
*/
function execute_effect_teardown(effect) {
	var teardown = effect.teardown;
	if (teardown !== null) {
		const previously_destroying_effect = is_destroying_effect;
		const previous_teardown_version = teardown_version;
		const previous_teardown_context = teardown_context;
		const previous_reaction = active_reaction;
		set_is_destroying_effect(true);
		set_active_reaction(null);
		try {
			teardown.call(null);
		} catch (error) {
			invoke_error_boundary(error, effect.parent);
		} finally {
			set_is_destroying_effect(previously_destroying_effect, previous_teardown_version);
			set_teardown_context(previous_teardown_context);
			set_active_reaction(previous_reaction);
		}
	}
}
/**
* @param {Effect} signal
* @param {boolean} remove_dom
* @returns {void}
*/
function destroy_effect_children(signal, remove_dom = false) {
	var effect = signal.first;
	signal.first = signal.last = null;
	while (effect !== null) {
		var next = effect.next;
		if ((effect.f & 64) !== 0) effect.parent = null;
		else destroy_effect(effect, remove_dom);
		effect = next;
	}
}
/**
* @param {Effect} signal
* @returns {void}
*/
function destroy_block_effect_children(signal) {
	var effect = signal.first;
	while (effect !== null) {
		var next = effect.next;
		if ((effect.f & 32) === 0) destroy_effect(effect);
		effect = next;
	}
}
/**
* @param {Effect} effect
* @param {boolean} [remove_dom]
* @returns {void}
*/
function destroy_effect(effect, remove_dom = true) {
	var removed = false;
	try {
		if ((remove_dom || (effect.f & 262144) !== 0) && effect.nodes !== null && effect.nodes.end !== null) {
			remove_effect_dom(effect.nodes.start, effect.nodes.end);
			removed = true;
		}
		effect.f |= DESTROYING;
		destroy_effect_children(effect, remove_dom && !removed);
		remove_reactions(effect);
		var transitions = effect.nodes && effect.nodes.t;
		if (transitions !== null) for (const transition of transitions) transition.stop();
		execute_effect_teardown(effect);
	} finally {}
	effect.f ^= DESTROYING;
	effect.f |= DESTROYED;
	var parent = effect.parent;
	if (parent !== null && parent.first !== null) unlink_effect(effect);
	effect.next = effect.prev = effect.teardown = effect.ctx = effect.deps = effect.dv = effect.edges = effect.fn = effect.nodes = effect.ac = effect.b = effect.r = null;
}
/**
*
* @param {TemplateNode | null} node
* @param {TemplateNode} end
*/
function remove_effect_dom(node, end) {
	while (node !== null) {
		/** @type {TemplateNode | null} */
		var next = node === end ? null : /* @__PURE__ */ get_next_sibling(node);
		remove_node(node);
		node = next;
	}
}
/**
* Detach an effect from the effect tree, freeing up memory and
* reducing the amount of work that happens on subsequent traversals
* @param {Effect} effect
*/
function unlink_effect(effect) {
	var parent = effect.parent;
	var prev = effect.prev;
	var next = effect.next;
	if (prev !== null) prev.next = next;
	if (next !== null) next.prev = prev;
	if (parent !== null) {
		if (parent.first === effect) parent.first = next;
		if (parent.last === effect) parent.last = prev;
	}
}
/**
* When a block effect is removed, we don't immediately destroy it or yank it
* out of the DOM, because it might have transitions. Instead, we 'pause' it.
* It stays around (in memory, and in the DOM) until outro transitions have
* completed, and if the state change is reversed then we _resume_ it.
* A paused effect does not update, and the DOM subtree becomes inert.
* @param {Effect} effect
* @param {() => void} [callback]
* @param {boolean} [destroy]
*/
function pause_effect(effect, callback, destroy = true) {
	/** @type {TransitionManager[]} */
	var transitions = [];
	effect.f |= 256;
	pause_children(effect, transitions, true);
	var fn = () => {
		if (destroy) destroy_effect(effect);
		if (callback) callback();
	};
	var remaining = transitions.length;
	if (remaining > 0) {
		var context = teardown_context;
		var check = () => {
			if (!--remaining) {
				var previous_context = teardown_context;
				try {
					if (context) {
						context.derived_cache.clear();
						set_teardown_context(context);
					}
					fn();
				} finally {
					if (context) set_teardown_context(previous_context);
				}
			}
		};
		for (var transition of transitions) transition.out(check);
	} else fn();
}
/**
* @param {Effect} effect
* @param {TransitionManager[]} transitions
* @param {boolean} local
*/
function pause_children(effect, transitions, local) {
	if ((effect.f & 8192) !== 0) return;
	effect.f ^= INERT;
	var t = effect.nodes && effect.nodes.t;
	if (t !== null) {
		for (const transition of t) if (transition.is_global || local) transitions.push(transition);
	}
	var child = effect.first;
	while (child !== null) {
		var sibling = child.next;
		if ((child.f & 64) === 0) {
			var transparent = (child.f & 65536) !== 0 || (child.f & 32) !== 0 && (effect.f & 16) !== 0;
			pause_children(child, transitions, transparent ? local : false);
		}
		child = sibling;
	}
}
/**
* @param {Effect} effect
* @param {DocumentFragment} fragment
*/
function move_effect(effect, fragment) {
	if (!effect.nodes) return;
	try {
		/** @type {TemplateNode | null} */
		var node = effect.nodes.start;
		var end = effect.nodes.end;
		while (node !== null) {
			/** @type {TemplateNode | null} */
			var next = node === end ? null : /* @__PURE__ */ get_next_sibling(node);
			append_child(fragment, node);
			node = next;
		}
	} finally {}
}
// node_modules/svelte/src/internal/client/runtime.js
/** @import { BatchRecord, BatchValue, Derived, DerivedRecord, Effect, Reaction, Source, Value } from '#client' */
var is_destroying_effect = false;
/** The write version when the running teardown started — later writes happened in it, and aren't reverted */
var teardown_version = 0;
/**
* @param {boolean} value
* @param {number} [version]
*/
function set_is_destroying_effect(value, version = write_version) {
	is_destroying_effect = value;
	teardown_version = version;
}
/**
* The result of the latest run of a derived in a teardown, which only the teardown sees: `update_dependencies` sets
* it — that's where the run's dependencies, which determine its version, are known — instead of storing the run, and
* `teardown_view` takes it right after `execute_derived`
* @type {BatchValue}
*/
var teardown_run = {
	v: void 0,
	wv: 0,
	e: false,
	assigned: false
};
/** @type {null | Reaction} */
var active_reaction = null;
var untracking = false;
/** @param {null | Reaction} reaction */
function set_active_reaction(reaction) {
	active_reaction = reaction;
}
/** @type {null | Effect} */
var active_effect = null;
/** @param {null | Effect} effect */
function set_active_effect(effect) {
	active_effect = effect;
}
/**
* When sources are created within a reaction, reading and writing
* them within that reaction should not cause a re-run
* @type {null | Set<Value>}
*/
var current_sources = null;
/** @param {Value} value */
function push_reaction_value(value) {
	if (active_reaction !== null && ((active_reaction.f & 2097152) !== 0 || (active_reaction.f & 2) !== 0)) (current_sources ??= /* @__PURE__ */ new Set()).add(value);
}
/**
* The dependencies of the reaction that is currently being executed. In many cases,
* the dependencies are unchanged between runs, and so this will be `null` unless
* and until a new dependency is accessed — we track this via `skipped_deps`
* @type {null | Value[]}
*/
var new_deps = null;
var skipped_deps = 0;
/**
* The versions of the disconnected deriveds that the current reaction's run read while a view of the world was
* active, as `get_view` returned them. The view's cache doesn't hold disconnected deriveds, so it can't tell
* afterwards which version the run saw (see `seen_version`), but the run itself knows. `-1` if it read different
* versions of the same derived
* @type {Map<Derived, number> | null}
*/
var view_read_versions = null;
/**
* Tracks writes that the effect it's executed in doesn't listen to yet,
* so that the dependency can be added to the effect later on if it then reads it
* @type {null | Value[]}
*/
var untracked_writes = null;
/** @param {null | Value[]} value */
function set_untracked_writes(value) {
	untracked_writes = value;
}
/**
* @type {number} Used by sources and deriveds for handling updates: every new value — whether it is
* the real-world (i.e. latest) one, or only exists within a batch — gets a new version. Versions
* identify values, they are only ever compared for equality (except for `$inspect.trace`).
* Version starts from 1 so that unowned deriveds differentiate between a created effect and a run one for tracing
**/
var write_version = 1;
/** @type {number} Used to version each read of a source of derived to avoid duplicating dependencies inside a reaction */
var read_version = 0;
var update_version = read_version;
/** @param {number} value */
function set_update_version(value) {
	update_version = value;
}
/** Number of dependency checks in an outermost derived read, or 0 outside one. */
var checked_deps = 0;
/**
* Successfully checked disconnected deriveds, valid only within that read: `null` for a check in the real world,
* else what `get_view` resolved in the active view (which doesn't change during a read) — which the view's cache
* can't hold, since nothing would remove it when it becomes stale. With the version it had, since it can be the
* derived itself (its global state applies), whose run a real-world evaluation can replace
* @type {Map<Derived, { entry: Derived | DerivedRecord | BatchValue, wv: number } | null> | null}
*/
var derived_checks = null;
/** Explicit writes can invalidate checks even before the memo is allocated. */
var derived_checks_version = 0;
function invalidate_derived_checks() {
	if (checked_deps !== 0) {
		derived_checks?.clear();
		derived_checks_version++;
	}
}
/** End an outermost derived read (see `get`) */
function end_derived_checks() {
	checked_deps = 0;
	derived_checks = null;
}
/**
* What `get_view` resolved for a disconnected derived earlier in the current outermost derived read, if anything
* @param {Derived} derived
* @returns {Derived | DerivedRecord | BatchValue | undefined}
*/
function get_view_check(derived) {
	if (derived_checks === null) return;
	var check = derived_checks.get(derived);
	if (check && check.entry.wv === check.wv) return check.entry;
}
/**
* Remember what `get_view` resolved for a disconnected derived, unless an explicit write happened since it
* started (`version` is the `derived_checks_version` from then), which may have invalidated what it read
* @param {Derived} derived
* @param {Derived | DerivedRecord | BatchValue} entry
* @param {number} version
*/
function set_view_check(derived, entry, version) {
	if (derived_checks !== null && version === derived_checks_version) derived_checks.set(derived, {
		entry,
		wv: entry.wv
	});
}
/** @param {boolean} [is_derived] A computed result, rather than an explicit write (including a derived assignment). */
function increment_write_version(is_derived = false) {
	if (!is_derived) invalidate_derived_checks();
	return ++write_version;
}
/**
* The version `signal` has in the active view of the world, bringing deriveds up to date
* @param {Value} signal
*/
function version_of(signal) {
	if (batch_values === null) {
		update_derived(signal);
		return signal.wv;
	}
	if ((signal.f & 2) !== 0) return get_view(signal).wv;
	return (batch_values.get(signal) ?? signal).wv;
}
/**
* Whether the values with the given versions are (still) what `deps` hold in the active view of the world.
* Dependencies are checked in order and deriveds are brought up to date along the way, so that we
* don't evaluate a derived that the reaction would no longer read (e.g. `a ? b : c` where `a` changed)
* @param {Value[] | null} deps
* @param {number[]} dv
*/
function is_current(deps, dv) {
	if (deps !== null) {
		if (checked_deps !== 0 && batch_values !== null) {
			checked_deps += dv.length;
			if (checked_deps > 1e5) derived_checks ??= /* @__PURE__ */ new Map();
		}
		for (var i = 0; i < dv.length; i++) if (version_of(deps[i]) !== dv[i]) return false;
	}
	return true;
}
/**
* Whether none of `deps` has been written since the version `wv` in the active view of the world, which is
* how a value assigned to a derived (whose version is `wv`) holds: until one of the values read by the run
* that applies in the view (see `get_view`) is written after it. Comparing versions with those the
* dependencies had at the time of the assignment, like `is_current` does, wouldn't work: a view might undo
* a write the assignment saw, and a committed fork might apply one it didn't see — but both writes happened
* before the assignment, so they don't make it outdated.
*
* This (and its counterpart in `teardown_view`) is where versions are compared by order across views. That only works for versions of writes
* (including assignments), which are allocated when the write happens. A derived's version is allocated when it is
* evaluated, which can be after the assignment even if everything it read was written before it (e.g. because it is
* evaluated lazily, or again in another view). So a derived only counts as changed if, in addition, one of the
* values its run in the view read was written after the assignment
* @param {Value[] | null} deps
* @param {number} wv
* @param {Set<Derived | DerivedRecord | BatchValue> | null} [unchanged] runs that this walk found unchanged,
* to avoid walking a derived that is reachable by more than one path (e.g. a diamond) once per path. Only valid
* within one top-level call: `wv` and the view are fixed, and the walk itself doesn't write anything
*/
function changed_since(deps, wv, unchanged = null) {
	if (deps !== null) for (var i = 0; i < deps.length; i++) {
		var dep = deps[i];
		if ((dep.f & 2) === 0) {
			if (version_of(dep) > wv) return true;
			continue;
		}
		/** @type {Derived | DerivedRecord | BatchValue} */
		var run = dep;
		if (batch_values === null) update_derived(dep);
		else run = get_view(dep);
		if (run.wv > wv) {
			if (run === dep ? (dep.f & 67108864) !== 0 : !("dv" in run)) return true;
			if (unchanged === null) unchanged = /* @__PURE__ */ new Set();
			else if (unchanged.has(run)) continue;
			if (changed_since(
				/** @type {DerivedRecord} */
				run.deps,
				wv,
				unchanged
			)) return true;
			unchanged.add(run);
		}
	}
	return false;
}
/**
* For block/async effects returns the record of the {@link view_batch} (if any), else reaction itself.
* @param {Reaction} reaction
* @returns {Reaction | BatchRecord}
*/
function run_of(reaction) {
	return (reaction.f & 4194320) !== 0 && view_batch?.get_record(reaction) || reaction;
}
/**
* Determines whether a derived or effect is dirty.
* If it is MAYBE_DIRTY (or an assigned derived) and isn't, will set the status to CLEAN.
* Deriveds are only checked like this in the real world — within the view of a batch,
* see {@link get_view}. Effects are checked against the run that applies (see `run_of`).
* @param {Reaction} reaction
* @returns {boolean}
*/
function is_dirty(reaction) {
	var flags = reaction.f;
	if ((flags & 6144) === 0) return false;
	if ((flags & 67108864) !== 0) {
		if (changed_since(reaction.deps, reaction.wv)) return true;
	} else if ((flags & 2048) !== 0) return true;
	else {
		var run = run_of(reaction);
		var deps = run.deps;
		var dv = run.dv;
		if (dv === null) return true;
		if (batch_values === null) {
			var checking = checked_deps !== 0;
			var checks_version = derived_checks_version;
			if (checking) {
				checked_deps += dv.length;
				if (checked_deps > 1e5) {
					derived_checks ??= /* @__PURE__ */ new Map();
					if ((flags & 512) === 0 && derived_checks.get(reaction) === null) return false;
				}
			}
			for (var i = 0, length = dv.length; i < length; i++) {
				var dependency = deps[i];
				update_derived(dependency);
				if (dependency.wv !== dv[i]) return true;
			}
			if (checking && (flags & 514) === 2 && checks_version === derived_checks_version) derived_checks?.set(reaction, null);
		} else if (!is_current(deps, dv)) return true;
	}
	if ((flags & 512) !== 0) set_signal_status(reaction, CLEAN);
	return false;
}
/**
* @param {Value} signal
* @param {Effect} effect
* @param {boolean} [root]
*/
function schedule_possible_effect_self_invalidation(signal, effect, root = true) {
	var reactions = signal.reactions;
	if (reactions === null) return;
	if (current_sources !== null && current_sources.has(signal)) return;
	for (var i = 0; i < reactions.length; i++) {
		var reaction = reactions[i];
		if ((reaction.f & 2) !== 0) schedule_possible_effect_self_invalidation(reaction, effect, false);
		else if (effect === reaction)
 /** @type {Batch} */ current_batch.schedule(reaction, root ? DIRTY : MAYBE_DIRTY);
	}
}
/**
* The controller of the signal of the run in progress, if it asked for one (see `get_abort_signal`). Once the run is
* done, it's stored with the run: on the reaction for its global run, or on the record a batch holds of it
* @type {AbortController | null}
*/
var abort_controller = null;
/**
* Whether a run is invalid or a dependency's real-world version has changed.
* This does not evaluate derived dependencies, which may themselves be outdated.
* @param {Reaction | BatchRecord} run
*/
function is_outdated({ deps, dv }) {
	return dv === null || dv.some((version, i) => deps[i].wv !== version);
}
/**
* Whether a run in `batch` supersedes the runs of batch `other`, so that their signals abort (see `abort_replaced`):
* a run in a real batch supersedes those of earlier batches whose writes it saw — because it ran in the real world,
* or in a view that folds them, or undoes none of their writes (e.g. because they committed, see `Batch#activate`).
* The runs of other earlier batches read their writes, which this run didn't see, so they still apply in their
* views. Forks stay independent until they're committed or discarded
* @param {Batch | null} batch
* @param {Batch} other
*/
function supersedes(batch, other) {
	return batch !== null && !batch.is_fork && !other.is_fork && other.id < batch.id && (batch_values === null || other.previous.size === 0 || batch.folded.includes(other));
}
/**
* Whether or not we should unconditionally record a reaction run within a batch, as opposed
* to updating the signal directly. True for async effects, and previously-initialized
* block effects (as long as they run during traversal, rather than on commit)
* @param {number} flags
*/
function is_recorded_effect(flags) {
	if ((flags & 4194304) === 0 && (flags & 32784) !== 32784) return false;
	return view_batch !== null && view_batch === current_batch;
}
/** @param {Reaction} reaction */
function update_reaction(reaction) {
	var previous_deps = new_deps;
	var previous_skipped_deps = skipped_deps;
	var previous_view_read_versions = view_read_versions;
	var previous_untracked_writes = untracked_writes;
	var previous_reaction = active_reaction;
	var previous_sources = current_sources;
	var previous_component_context = component_context;
	var previous_untracking = untracking;
	var previous_update_version = update_version;
	var flags = reaction.f;
	new_deps = null;
	skipped_deps = 0;
	view_read_versions = null;
	untracked_writes = null;
	active_reaction = (flags & 96) === 0 ? reaction : null;
	current_sources = null;
	set_component_context(reaction.ctx);
	untracking = false;
	update_version = ++read_version;
	var previous_abort_controller = abort_controller;
	abort_controller = null;
	try {
		reaction.f |= REACTION_IS_UPDATING;
		var result = (0, reaction.fn)();
		reaction.f |= REACTION_RAN;
		update_dependencies(reaction, flags, result, false);
		if (is_runes() && untracked_writes !== null && !untracking && (new_deps !== null || skipped_deps > 0) && (reaction.f & 6146) === 0) for (var i = 0; i < untracked_writes.length; i++) schedule_possible_effect_self_invalidation(untracked_writes[i], reaction);
		if (previous_reaction !== null && previous_reaction !== reaction) {
			read_version++;
			if (previous_reaction.deps !== null) for (let i = 0; i < previous_skipped_deps; i += 1) previous_reaction.deps[i].rv = read_version;
			if (previous_deps !== null) for (const dep of previous_deps) dep.rv = read_version;
			if (untracked_writes !== null) {
				if (previous_untracked_writes === null) previous_untracked_writes = untracked_writes;
				else previous_untracked_writes.push(...untracked_writes);
			}
		}
		return result;
	} catch (error) {
		var value = error;
		try {
			value = handle_error(error);
		} finally {
			update_dependencies(reaction, flags, value, value === error);
		}
		return value;
	} finally {
		abort_controller?.signal;
		reaction.f ^= REACTION_IS_UPDATING;
		new_deps = previous_deps;
		skipped_deps = previous_skipped_deps;
		view_read_versions = previous_view_read_versions;
		untracked_writes = previous_untracked_writes;
		active_reaction = previous_reaction;
		current_sources = previous_sources;
		set_component_context(previous_component_context);
		untracking = previous_untracking;
		update_version = previous_update_version;
		abort_controller = previous_abort_controller;
	}
}
/**
* Store the result of the current run of `reaction` where it belongs — the versions of the
* values it read and, for a derived, its value — and update the edges of the graph.
*
* A run belongs to the real world — and becomes the reaction's global state — unless
* - it is a derived that read values which aren't the latest ones (it is then stored in the batch
*   whose view of the world it ran in, see {@link get_view})
* - it is an effect run that belongs to a batch (see {@link update_record})
* - it is a derived evaluated in a teardown, in which case only the teardown sees it (see `teardown_view`)
*
* The edges of the graph (`reaction.edges` and the `reactions` of its dependencies) are a
* superset of the dependencies of every live record, so that changes to any of them reach
* the reaction. Global runs prune edges that neither the new run nor any batch record needs.
* @param {Reaction} reaction
* @param {number} flags the flags of the reaction before the run
* @param {any} value the value of the run (only relevant for deriveds)
* @param {boolean} error whether the value is an error
*/
function update_dependencies(reaction, flags, value, error) {
	var deps = reaction.deps;
	var length = skipped_deps + (new_deps === null ? 0 : new_deps.length);
	var dv = reaction.dv;
	if ((reaction.f & 16384) !== 0) return;
	if ((flags & 2) !== 0 && is_destroying_effect) {
		var wv = 0;
		for (var j = 0; j < length; j++) {
			var dep = j < skipped_deps ? deps[j] : /** @type {Value[]} */ new_deps[j - skipped_deps];
			wv = Math.max(wv, teardown_version_of(dep));
		}
		teardown_run = {
			v: value,
			wv,
			e: error,
			assigned: (flags & ASSIGNED) !== 0
		};
		return;
	}
	if ((flags & 2) !== 0 && batch_values === null && first_batch !== null && first_batch.next !== null) keep_global_run(reaction, flags);
	if (new_deps === null && batch_values === null && dv !== null && length === deps?.length && reaction.edges === deps && (flags & 4194320) === 0) {
		for (var i = 0; i < length; i++) dv[i] = deps[i].wv;
		if (dv.length !== length) dv.length = length;
		if ((flags & 2) !== 0) set_derived_value(reaction, value, error);
		return;
	}
	update_record(reaction, flags, length, value, error);
}
/**
* Make `value` the (real-world) value of `derived` — it keeps its version if it is the same value
* @param {Derived} derived
* @param {any} value
* @param {boolean} error
*/
function set_derived_value(derived, value, error) {
	var flags = derived.f & ~ASSIGNED;
	if (error || (flags & 8388608) !== 0 || !derived.equals(value)) {
		derived.v = value;
		derived.wv = increment_write_version(true);
		flags = error ? flags | ERROR_VALUE : flags & ~ERROR_VALUE;
	}
	derived.f = flags;
	update_derived_status(derived);
}
/**
* The general case of `update_dependencies`, which
* 1. decides where the run belongs: to the batch whose view of the world is active (as a record, see
*    `Batch#records`), or to the real world (as the reaction's global state)
* 2. records the versions of the values the run read (`dv`)
* 3. updates the edges of the graph
* 4. stores the run where it belongs
* @param {Reaction} reaction
* @param {number} flags the flags of the reaction before the run
* @param {number} length the number of values the run read
* @param {any} value the value of the run (only relevant for deriveds)
* @param {boolean} error whether the value is an error
*/
function update_record(reaction, flags, length, value, error) {
	var should_record = is_recorded_effect(flags);
	if (batch_values !== null && (flags & 2) !== 0) {
		var written = batch_values.get(reaction);
		if (written !== void 0 && written.wv !== reaction.wv) should_record = true;
	}
	var deps = reaction.deps;
	var read = deps;
	if (new_deps !== null || skipped_deps !== deps?.length) read = skipped_deps === 0 ? new_deps : /** @type {Value[]} */ deps.slice(0, skipped_deps).concat(new_deps ?? []);
	var dv = !should_record && batch_values === null && reaction.dv !== null ? reaction.dv : [];
	for (var i = 0; i < length; i++) {
		var dep = read[i];
		dv[i] = seen_version(dep);
		if (batch_values !== null && (flags & 2) !== 0 && (dv[i] !== dep.wv || (dep.f & 1026) === 2)) should_record = true;
	}
	if (dv.length !== length) dv.length = length;
	if (!should_record && batch_values !== null && (flags & 2) !== 0) keep_global_run(reaction, flags);
	var keep = should_record || has_batch_record(reaction);
	var tracking = effect_tracking() && (reaction.f & 512) !== 0;
	var edges = reaction.edges;
	if (should_record && edges !== null) {
		if (new_deps !== null) {
			reaction.edges = edges = edges.slice();
			for (dep of new_deps) if (!includes.call(edges, dep)) {
				edges.push(dep);
				if (tracking) (dep.reactions ??= []).push(reaction);
			}
		}
	} else if (!keep && edges === deps) {
		if (edges !== null) for (i = skipped_deps; i < edges.length; i++) remove_reaction(reaction, edges[i]);
		if (tracking && new_deps !== null) for (dep of new_deps) (dep.reactions ??= []).push(reaction);
		reaction.edges = read;
	} else {
		var added = new Set(read);
		if (keep) for (var b = first_batch; b !== null; b = b.next) for (dep of b.records?.get(reaction)?.deps ?? []) added.add(dep);
		var next = keep ? Array.from(added) : read;
		for (dep of edges ?? []) if (!added.delete(dep)) remove_reaction(reaction, dep);
		if (tracking) for (dep of added) (dep.reactions ??= []).push(reaction);
		reaction.edges = next;
	}
	if (should_record) {
		var batch = view_batch;
		(batch.records ??= /* @__PURE__ */ new Map()).set(reaction, (flags & 2) !== 0 ? {
			deps: read,
			dv,
			v: value,
			e: error,
			wv: derived_version(reaction, batch, value, error),
			ac: abort_controller
		} : {
			deps: read,
			dv,
			ac: abort_controller
		});
	} else {
		reaction.deps = read;
		reaction.dv = dv;
		if ((flags & 2) !== 0) {
			set_derived_value(reaction, value, error);
			view_batch?.records?.delete(reaction);
		}
	}
}
/**
* A run of `derived` that becomes its global state replaces the current one, which other batches may still see:
* their views differ from the real world, and can undo the writes that made it outdated. It is kept as a record in
* each of them that doesn't have one, so that they don't evaluate the derived again — which would give an equal value
* a new version, and re-run what saw the current one (restarting async work, for example). That's also the case if
* the new value is equal, and so keeps its version: the derived itself would still run again, with whatever side
* effects it has (like asking for a new abort signal). (Like any record, it is only used where it `is_current`)
*
* If the derived uses an abort signal, the kept run's may have been aborted when the derived ran again. Only the batches
* that the new run supersedes (see `supersedes`) keep it regardless — it stays aborted for them until something it read
* changes in their view. The others (forks, later batches) evaluate the derived again.
*
* A fork's run supersedes nothing, though, so the run it replaces isn't aborted: a batch may still be waiting for it.
* Every other batch keeps it then, and the record takes over its signal, which aborts once no batch holds the record
* anymore (see `abort_record`)
* @param {Derived} derived
* @param {number} flags the flags of the derived before the run
*/
function keep_global_run(derived, flags) {
	var dv = derived.dv;
	if (dv === null || dv.length === 0 || (flags & 67108864) !== 0) return;
	/** @type {DerivedRecord | undefined} */
	var record;
	var ac = null;
	var live = ac !== null && current_batch !== null && current_batch.is_fork && !ac.signal.aborted;
	for (var batch = first_batch; batch !== null; batch = batch.next) if (batch !== view_batch && !batch.records?.has(derived)) {
		if (ac === null || live || supersedes(current_batch, batch)) {
			record ??= {
				deps: derived.deps,
				dv: dv.slice(),
				v: derived.v,
				wv: derived.wv,
				e: (flags & ERROR_VALUE) !== 0
			};
			(batch.records ??= /* @__PURE__ */ new Map()).set(derived, record);
		}
	}
	if (live && record !== void 0) {
		record.ac = ac;
		derived.ac = null;
	}
}
/**
* The version of `signal` that the current run saw. Recording it never evaluates anything. A derived that
* isn't in the view's cache anymore was invalidated by a write during the run — the run then doesn't count
* as having seen its current version, just like in the real world, where a derived that changes during the
* run gets a new version only once it is evaluated again. A derived that was disconnected when the run read
* it can't be cached: the run remembers the version it read instead (see `view_read_versions`)
* @param {Value} signal
*/
function seen_version(signal) {
	if (batch_values === null) return signal.wv;
	if ((signal.f & 2) !== 0) {
		var cached = view_cache.get(signal);
		if (cached !== void 0) return cached.wv;
		return view_read_versions?.get(signal) ?? -1;
	}
	return (batch_values.get(signal) ?? signal).wv;
}
/**
* Reuse the version of an equal value in the batch's previous run, then the global value,
* or allocate a new one. Errors always get a new version
* @param {Derived} derived
* @param {Batch} batch
* @param {any} value
* @param {boolean} error
*/
function derived_version(derived, batch, value, error) {
	if (!error) {
		var previous = batch.get_record(derived);
		if (previous !== void 0 && !previous.e && derived.equals.call(previous, value)) return previous.wv;
		if ((derived.f & 8388608) === 0 && derived.equals(value)) return derived.wv;
	}
	return increment_write_version(true);
}
/**
* Make the record a batch holds of `reaction` its global state, e.g. because the batch
* committed, which makes its results the real-world ones (for a derived, that includes its value)
* @param {Reaction} reaction
* @param {BatchRecord} record
*/
function promote_record(reaction, record) {
	reaction.deps = record.deps;
	reaction.dv = (reaction.f & 2) !== 0 ? record.dv.slice() : record.dv;
	if ((reaction.f & 2) !== 0) {
		var derived = reaction;
		derived.v = record.v;
		derived.wv = record.wv;
		derived.f = (record.e ? derived.f | ERROR_VALUE : derived.f & ~ERROR_VALUE) & ~ASSIGNED;
		update_derived_status(derived);
	}
	reaction.ac = record.ac ?? null;
	record.ac = null;
}
/** @param {Reaction} reaction */
function has_batch_record(reaction) {
	for (var batch = first_batch; batch !== null; batch = batch.next) if (batch.records?.has(reaction)) return true;
	return false;
}
/**
* Remove the edges of an effect that only runs no batch holds anymore needed (because the batch committed and
* its record was promoted, or because it was dropped), once no batch holds a record of it, so that its edges are
* what its global run read again. `update_record` only prunes edges in global runs,
* which block and async effects hardly ever have: they run in batches.
* (Not for deriveds: their edges also notify the reactions that read the value of a record that was dropped. They
* are pruned by their next global run)
* @param {Reaction} effect
*/
function prune_edges(effect) {
	var edges = effect.edges;
	var deps = effect.deps;
	if (edges === deps || has_batch_record(effect)) return;
	for (var dep of edges) if (deps === null || !includes.call(deps, dep)) remove_reaction(effect, dep);
	effect.edges = deps;
}
/**
* Connect a reaction outside its normal dependency update, without duplicating subscriptions
* @param {Value} signal
* @param {Reaction} reaction
*/
function add_reaction(signal, reaction) {
	var reactions = signal.reactions ??= [];
	if (!includes.call(reactions, reaction)) reactions.push(reaction);
}
/**
* @template V
* @param {Reaction} signal
* @param {Value<V>} dependency
* @returns {void}
*/
function remove_reaction(signal, dependency) {
	let reactions = dependency.reactions;
	if (reactions !== null) {
		var index = index_of.call(reactions, signal);
		if (index !== -1) {
			var new_length = reactions.length - 1;
			if (new_length === 0) reactions = dependency.reactions = null;
			else {
				reactions[index] = reactions[new_length];
				reactions.pop();
			}
		}
	}
	if (reactions === null && (dependency.f & 2) !== 0 && (new_deps === null || !includes.call(new_deps, dependency))) {
		var derived = dependency;
		if ((derived.f & 512) !== 0) {
			derived.f ^= 512;
			view_cache?.delete(derived);
		}
		if (derived.v !== UNINITIALIZED) update_derived_status(derived);
		freeze_derived_effects(derived);
		remove_reactions(derived);
	}
}
/**
* @param {Reaction} signal
* @returns {void}
*/
function remove_reactions(signal) {
	var dependencies = signal.edges;
	if (dependencies === null) return;
	for (var i = 0; i < dependencies.length; i++) remove_reaction(signal, dependencies[i]);
}
/**
* @param {Effect} effect
* @returns {void}
*/
function update_effect(effect) {
	var flags = effect.f;
	if ((flags & 16384) !== 0) return;
	set_signal_status(effect, CLEAN);
	var previous_effect = active_effect;
	active_effect = effect;
	try {
		if ((flags & 16777232) !== 0) destroy_block_effect_children(effect);
		else destroy_effect_children(effect);
		execute_effect_teardown(effect);
		var teardown = update_reaction(effect);
		effect.teardown = typeof teardown === "function" ? teardown : null;
		effect.wv = write_version;
	} finally {
		active_effect = previous_effect;
	}
}
/**
* @template V
* @param {Value<V>} signal
* @returns {V}
*/
function get(signal) {
	var flags = signal.f;
	var is_derived = (flags & 2) !== 0;
	/** The reaction that reads `signal` after an `await`, if any */
	var late_reader = null;
	if (active_reaction !== null && !untracking) {
		if (!(active_effect !== null && (active_effect.f & 16384) !== 0) && (current_sources === null || !current_sources.has(signal))) {
			var deps = active_reaction.deps;
			if ((active_reaction.f & 2097152) !== 0) {
				if (signal.rv < read_version) {
					signal.rv = read_version;
					if (new_deps === null && deps !== null && deps[skipped_deps] === signal) skipped_deps++;
					else if (new_deps === null) new_deps = [signal];
					else new_deps.push(signal);
				}
			} else {
				late_reader = active_reaction;
				var edges = active_reaction.edges;
				if (edges === null || !includes.call(edges, signal)) active_reaction.edges = edges === null ? [signal] : [...edges, signal];
				add_reaction(signal, active_reaction);
			}
		}
	}
	if (is_destroying_effect) {
		var held = teardown_view(signal);
		if (held !== void 0) {
			if (held.e) throw held.v;
			return held.v;
		}
	}
	/**
	* The value (and version) as the active view of the world sees it, if it differs from the real
	* world — for a derived, this is the derived itself if its global state applies (see `get_view`)
	* @type {{ v: any, wv: number, e?: boolean } | undefined}
	*/
	var view;
	if (is_derived) {
		var derived = signal;
		var should_connect = (derived.f & 512) === 0 && !untracking && active_reaction !== null && (active_reaction.f & 512) !== 0;
		var is_new = (derived.f & REACTION_RAN) === 0;
		if (should_connect) derived.f |= 512;
		if ((flags & 512) === 0 && !is_new && checked_deps === 0) {
			checked_deps = 1;
			try {
				if (batch_values === null) update_derived(derived);
				else view = get_view(derived);
			} finally {
				end_derived_checks();
			}
		} else if (batch_values === null) update_derived(derived);
		else view = get_view(derived);
		if (view !== void 0 && (derived.f & 512) === 0 && active_reaction !== null && !untracking && (active_reaction.f & 2097152) !== 0) {
			var seen = (view_read_versions ??= /* @__PURE__ */ new Map()).get(derived);
			view_read_versions.set(derived, seen === void 0 || seen === view.wv ? view.wv : -1);
		}
		if (should_connect && !is_new) {
			unfreeze_derived_effects(derived);
			reconnect(derived);
		}
	} else if (batch_values !== null) view = batch_values.get(signal);
	if (late_reader !== null) record_late_read(late_reader, signal, view === void 0 ? signal.wv : view.wv);
	if (view !== void 0 && view !== signal) {
		if (view.e) throw view.v;
		return view.v;
	}
	if ((signal.f & 8388608) !== 0) throw signal.v;
	return signal.v;
}
/**
* Record that `reaction` read `signal` (with the given version) after an `await`, i.e. after
* its run — as part of the record of that run
* @param {Reaction} reaction
* @param {Value} signal
* @param {number} version
*/
function record_late_read(reaction, signal, version) {
	var run = run_of(reaction);
	var deps = run.deps;
	if (run.dv !== null && (deps === null || !includes.call(deps, signal))) {
		run.deps = deps === null ? [signal] : [...deps, signal];
		run.dv.push(version);
	}
}
/**
* (Re)connect a disconnected derived, so that it is notified
* of changes in `mark_reactions`
* @param {Derived} derived
*/
function reconnect(derived) {
	derived.f |= 512;
	if (derived.edges === null) return;
	for (const dep of derived.edges) {
		add_reaction(dep, derived);
		if ((dep.f & 2) !== 0 && (dep.f & 512) === 0) {
			unfreeze_derived_effects(dep);
			reconnect(dep);
		}
	}
}
/**
* The value of `signal` in the view of the world of the running teardown, if it differs from the active one:
* teardowns revert the writes that caused them, apart from their own (see `TeardownContext`). Deriveds always
* get one, since their runs in a teardown only belong to it, and it is cached until the view changes:
* - a value written to the derived, while none of its dependencies is written after it (like in `get_view`)
* - its global run, if its dependencies still have the versions that run read
* - otherwise a new run (see `update_dependencies`), which keeps the version of the value it replaces if equal
* @param {Value} signal
* @returns {BatchValue | undefined}
*/
function teardown_view(signal) {
	var written = signal.wv > teardown_version ? void 0 : teardown_context?.reverted_values.get(signal);
	if ((signal.f & 2) === 0) return written;
	var derived = signal;
	var cache = (teardown_context ?? push_teardown_context()).derived_cache;
	var record = cache.get(derived);
	if (record !== void 0) return record;
	var held = written ?? batch_values?.get(derived);
	var assigned = held === void 0 ? (derived.f & ASSIGNED) !== 0 : held.assigned;
	var dv = held === void 0 && !assigned ? derived.dv : null;
	var deps = derived.deps ?? [];
	var holds = assigned || dv !== null;
	var length = dv?.length ?? deps.length;
	held ??= {
		v: derived.v,
		wv: derived.wv,
		e: (derived.f & ERROR_VALUE) !== 0,
		assigned: (derived.f & ASSIGNED) !== 0
	};
	for (var i = 0; holds && i < length; i++) {
		var version = teardown_version_of(deps[i]);
		holds = dv === null ? version <= held.wv : version === dv[i];
	}
	if (holds) record = held;
	else {
		execute_derived(derived);
		record = teardown_run;
		if (held.wv < record.wv && !held.e && !record.e && derived.equals.call(held, record.v)) record.wv = held.wv;
	}
	cache.set(derived, record);
	return record;
}
/**
* The version of `signal` in the view of the world of the running teardown
* @param {Value} signal
*/
function teardown_version_of(signal) {
	return (teardown_view(signal) ?? batch_values?.get(signal) ?? signal).wv;
}
/**
* When used inside a [`$derived`](https://svelte.dev/docs/svelte/$derived) or [`$effect`](https://svelte.dev/docs/svelte/$effect),
* any state read inside `fn` will not be treated as a dependency.
*
* ```ts
* $effect(() => {
*   // this will run when `data` changes, but not when `time` changes
*   save(data, {
*     timestamp: untrack(() => time)
*   });
* });
* ```
* @template T
* @param {() => T} fn
* @returns {T}
*/
function untrack(fn) {
	var previous_untracking = untracking;
	try {
		untracking = true;
		return fn();
	} finally {
		untracking = previous_untracking;
	}
}
// node_modules/svelte/src/utils.js
/**
* Attributes that are boolean, i.e. they are present or not present.
*/
var DOM_BOOLEAN_ATTRIBUTES = [
	"allowfullscreen",
	"async",
	"autofocus",
	"autoplay",
	"checked",
	"controls",
	"default",
	"disabled",
	"formnovalidate",
	"indeterminate",
	"inert",
	"ismap",
	"loop",
	"multiple",
	"muted",
	"nomodule",
	"novalidate",
	"open",
	"playsinline",
	"readonly",
	"required",
	"reversed",
	"seamless",
	"selected",
	"webkitdirectory",
	"defer",
	"disablepictureinpicture",
	"disableremoteplayback"
];
/**
* Returns `true` if `name` is a boolean attribute
* @param {string} name
*/
function is_boolean_attribute(name) {
	return DOM_BOOLEAN_ATTRIBUTES.includes(name);
}
[...DOM_BOOLEAN_ATTRIBUTES];
/**
* Subset of delegated events which should be passive by default.
* These two are already passive via browser defaults on window, document and body.
* But since
* - we're delegating them
* - they happen often
* - they apply to mobile which is generally less performant
* we're marking them as passive by default for other elements, too.
*/
var PASSIVE_EVENTS = ["touchstart", "touchmove"];
/**
* Returns `true` if `name` is a passive event
* @param {string} name
*/
function is_passive_event(name) {
	return PASSIVE_EVENTS.includes(name);
}
// node_modules/svelte/src/escaping.js
var ATTR_REGEX = /[&"<]/g;
var CONTENT_REGEX = /[&<]/g;
/**
* @template V
* @param {V} value
* @param {boolean} [is_attr]
*/
function escape_html(value, is_attr) {
	const str = String(value ?? "");
	const pattern = is_attr ? ATTR_REGEX : CONTENT_REGEX;
	pattern.lastIndex = 0;
	let escaped = "";
	let last = 0;
	while (pattern.test(str)) {
		const i = pattern.lastIndex - 1;
		const ch = str[i];
		escaped += str.substring(last, i) + (ch === "&" ? "&amp;" : ch === "\"" ? "&quot;" : "&lt;");
		last = i + 1;
	}
	return escaped + str.substring(last);
}
// node_modules/clsx/dist/clsx.mjs
function r(e) {
	var t, f, n = "";
	if ("string" == typeof e || "number" == typeof e) n += e;
	else if ("object" == typeof e) if (Array.isArray(e)) {
		var o = e.length;
		for (t = 0; t < o; t++) e[t] && (f = r(e[t])) && (n && (n += " "), n += f);
	} else for (f in e) e[f] && (n && (n += " "), n += f);
	return n;
}
function clsx$1() {
	for (var e, t, f = 0, n = "", o = arguments.length; f < o; f++) (e = arguments[f]) && (t = r(e)) && (n && (n += " "), n += t);
	return n;
}
// node_modules/svelte/src/internal/shared/attributes.js
/**
* `<div translate={false}>` should be rendered as `<div translate="no">` and _not_
* `<div translate="false">`, which is equivalent to `<div translate="yes">`. There
* may be other odd cases that need to be added to this list in future
* @type {Record<string, Map<any, string>>}
*/
var replacements = { translate: /* @__PURE__ */ new Map([[true, "yes"], [false, "no"]]) };
/**
* @template V
* @param {string} name
* @param {V} value
* @param {boolean} [is_boolean]
* @returns {string}
*/
function attr(name, value, is_boolean = false) {
	if (name === "hidden" && value !== "until-found") is_boolean = true;
	if (value == null || is_boolean && !value && value !== "") return "";
	const normalized = has_own_property.call(replacements, name) && replacements[name].get(value) || value;
	return ` ${name}${is_boolean ? `=""` : `="${escape_html(normalized, true)}"`}`;
}
/**
* Small wrapper around clsx to preserve Svelte's (weird) handling of falsy values.
* TODO Svelte 6 revisit this, and likely turn all falsy values into the empty string (what clsx also does)
* @param  {any} value
*/
function clsx(value) {
	if (typeof value === "object") return clsx$1(value);
	else return value ?? "";
}
var whitespace = [..." 	\n\r\f\xA0\v﻿"];
/**
* @param {any} value
* @param {string | null} [hash]
* @param {Record<string, boolean>} [directives]
* @returns {string | null}
*/
function to_class(value, hash, directives) {
	var classname = value == null ? "" : "" + value;
	if (hash) classname = classname ? classname + " " + hash : hash;
	if (directives) {
		for (var key of Object.keys(directives)) if (directives[key]) classname = classname ? classname + " " + key : key;
		else if (classname.length) {
			var len = key.length;
			var a = 0;
			while ((a = classname.indexOf(key, a)) >= 0) {
				var b = a + len;
				if ((a === 0 || whitespace.includes(classname[a - 1])) && (b === classname.length || whitespace.includes(classname[b]))) classname = (a === 0 ? "" : classname.substring(0, a)) + classname.substring(b + 1);
				else a = b;
			}
		}
	}
	return classname === "" ? null : classname;
}
/**
*
* @param {Record<string,any>} styles
* @param {boolean} important
*/
function append_styles(styles, important = false) {
	var separator = important ? " !important;" : ";";
	var css = "";
	for (var key of Object.keys(styles)) {
		var value = styles[key];
		if (value != null && value !== "") css += " " + key + ": " + value + separator;
	}
	return css;
}
/**
* @param {string} name
* @returns {string}
*/
function to_css_name(name) {
	if (name[0] !== "-" || name[1] !== "-") return name.toLowerCase();
	return name;
}
/**
* @param {any} value
* @param {Record<string, any> | [Record<string, any>, Record<string, any>]} [styles]
* @returns {string | null}
*/
function to_style(value, styles) {
	if (styles) {
		var new_style = "";
		/** @type {Record<string,any> | undefined} */
		var normal_styles;
		/** @type {Record<string,any> | undefined} */
		var important_styles;
		if (Array.isArray(styles)) {
			normal_styles = styles[0];
			important_styles = styles[1];
		} else normal_styles = styles;
		if (value) {
			value = String(value).replaceAll(/\/\*.*?\*\//g, "").trim();
			/** @type {boolean | '"' | "'"} */
			var in_str = false;
			var in_apo = 0;
			var in_comment = false;
			var reserved_names = [];
			if (normal_styles) reserved_names.push(...Object.keys(normal_styles).map(to_css_name));
			if (important_styles) reserved_names.push(...Object.keys(important_styles).map(to_css_name));
			var start_index = 0;
			var name_index = -1;
			const len = value.length;
			for (var i = 0; i < len; i++) {
				var c = value[i];
				if (in_comment) {
					if (c === "/" && value[i - 1] === "*") in_comment = false;
				} else if (in_str) {
					if (in_str === c) in_str = false;
				} else if (c === "/" && value[i + 1] === "*") in_comment = true;
				else if (c === "\"" || c === "'") in_str = c;
				else if (c === "(") in_apo++;
				else if (c === ")") in_apo--;
				if (!in_comment && in_str === false && in_apo === 0) {
					if (c === ":" && name_index === -1) name_index = i;
					else if (c === ";" || i === len - 1) {
						if (name_index !== -1) {
							var name = to_css_name(value.substring(start_index, name_index).trim());
							if (!reserved_names.includes(name)) {
								if (c !== ";") i++;
								var property = value.substring(start_index, i).trim();
								new_style += " " + property + ";";
							}
						}
						start_index = i + 1;
						name_index = -1;
					}
				}
			}
		}
		if (normal_styles) new_style += append_styles(normal_styles);
		if (important_styles) new_style += append_styles(important_styles, true);
		new_style = new_style.trim();
		return new_style === "" ? null : new_style;
	}
	return value == null ? null : String(value);
}
// node_modules/svelte/src/internal/server/hydration.js
var BLOCK_OPEN = `<!--[-->`;
var BLOCK_CLOSE = `<!--]-->`;
// node_modules/svelte/src/internal/server/errors.js
/**
* The node API `AsyncLocalStorage` is not available, but is required to use async server rendering.
* @returns {never}
*/
function async_local_storage_unavailable() {
	const error = /* @__PURE__ */ new Error(`async_local_storage_unavailable\nThe node API \`AsyncLocalStorage\` is not available, but is required to use async server rendering.\nhttps://svelte.dev/e/async_local_storage_unavailable`);
	error.name = "Svelte error";
	throw error;
}
/**
* Encountered asynchronous work while rendering synchronously.
* @returns {never}
*/
function await_invalid() {
	const error = /* @__PURE__ */ new Error(`await_invalid\nEncountered asynchronous work while rendering synchronously.\nhttps://svelte.dev/e/await_invalid`);
	error.name = "Svelte error";
	throw error;
}
/**
* Failed to serialize `hydratable` data for key `%key%`.
* 
* `hydratable` can serialize anything [`uneval` from `devalue`](https://npmjs.com/package/devalue) can, plus Promises.
* 
* Cause:
* %stack%
* @param {string} key
* @param {string} stack
* @returns {never}
*/
function hydratable_serialization_failed(key, stack) {
	const error = /* @__PURE__ */ new Error(`hydratable_serialization_failed\nFailed to serialize \`hydratable\` data for key \`${key}\`.

\`hydratable\` can serialize anything [\`uneval\` from \`devalue\`](https://npmjs.com/package/devalue) can, plus Promises.

Cause:
${stack}\nhttps://svelte.dev/e/hydratable_serialization_failed`);
	error.name = "Svelte error";
	throw error;
}
/**
* `csp.nonce` was set while `csp.hash` was `true`. These options cannot be used simultaneously.
* @returns {never}
*/
function invalid_csp() {
	const error = /* @__PURE__ */ new Error(`invalid_csp\n\`csp.nonce\` was set while \`csp.hash\` was \`true\`. These options cannot be used simultaneously.\nhttps://svelte.dev/e/invalid_csp`);
	error.name = "Svelte error";
	throw error;
}
/**
* The `idPrefix` option cannot include `--`.
* @returns {never}
*/
function invalid_id_prefix() {
	const error = /* @__PURE__ */ new Error(`invalid_id_prefix\nThe \`idPrefix\` option cannot include \`--\`.\nhttps://svelte.dev/e/invalid_id_prefix`);
	error.name = "Svelte error";
	throw error;
}
/**
* `%name%(...)` is not available on the server
* @param {string} name
* @returns {never}
*/
function lifecycle_function_unavailable(name) {
	const error = /* @__PURE__ */ new Error(`lifecycle_function_unavailable\n\`${name}(...)\` is not available on the server\nhttps://svelte.dev/e/lifecycle_function_unavailable`);
	error.name = "Svelte error";
	throw error;
}
/**
* Could not resolve `render` context.
* @returns {never}
*/
function server_context_required() {
	const error = /* @__PURE__ */ new Error(`server_context_required\nCould not resolve \`render\` context.\nhttps://svelte.dev/e/server_context_required`);
	error.name = "Svelte error";
	throw error;
}
// node_modules/svelte/src/internal/server/context.js
/** @import { SSRContext } from '#server' */
/** @type {SSRContext | null} */
var ssr_context = null;
/** @param {SSRContext | null} v */
function set_ssr_context(v) {
	ssr_context = v;
}
/**
* @template T
* @returns {[() => T, (context: T) => T, () => boolean]}
* @since 5.40.0
*/
function createContext() {
	return create_context(getContext, setContext, hasContext);
}
/**
* @template T
* @param {any} key
* @returns {T}
*/
function getContext(key) {
	return get_or_init_context_map(ssr_context, "getContext").get(key);
}
/**
* @template T
* @param {any} key
* @param {T} context
* @returns {T}
*/
function setContext(key, context) {
	const context_map = get_or_init_context_map(ssr_context, "setContext");
	if (ssr_context.i) set_context_after_init();
	context_map.set(key, context);
	return context;
}
/**
* @param {any} key
* @returns {boolean}
*/
function hasContext(key) {
	return get_or_init_context_map(ssr_context, "hasContext").has(key);
}
/** @returns {Map<any, any>} */
function getAllContexts() {
	return get_or_init_context_map(ssr_context, "getAllContexts");
}
/**
* @param {Function} [fn]
*/
function push(fn) {
	ssr_context = {
		p: ssr_context,
		c: null,
		r: null,
		i: false
	};
}
function pop() {
	ssr_context = ssr_context.p;
}
// node_modules/svelte/src/internal/server/warnings.js
/**
* A `hydratable` value with key `%key%` was created, but at least part of it was not used during the render.
* 
* The `hydratable` was initialized in:
* %stack%
* @param {string} key
* @param {string} stack
*/
function unresolved_hydratable(key, stack) {
	console.warn(`https://svelte.dev/e/unresolved_hydratable`);
}
// node_modules/svelte/src/internal/server/render-context.js
/** @import { AsyncLocalStorage } from 'node:async_hooks' */
/** @import { RenderContext } from '#server' */
/** @type {Promise<void> | null} */
var current_render = null;
/** @type {RenderContext | null} */
var context = null;
/** @returns {RenderContext} */
function get_render_context() {
	const store = context ?? als?.getStore();
	if (!store) server_context_required();
	return store;
}
/**
* @template T
* @param {() => Promise<T>} fn
* @returns {Promise<T>}
*/
async function with_render_context(fn) {
	context = { hydratable: {
		lookup: /* @__PURE__ */ new Map(),
		comparisons: [],
		unresolved_promises: /* @__PURE__ */ new Map()
	} };
	if (in_webcontainer()) {
		const { promise, resolve } = deferred();
		const previous_render = current_render;
		current_render = promise;
		await previous_render;
		return fn().finally(resolve);
	}
	try {
		if (als === null) async_local_storage_unavailable();
		return als.run(context, fn);
	} finally {
		context = null;
	}
}
/** @type {AsyncLocalStorage<RenderContext | null> | null} */
var als = null;
/** @type {Promise<void> | null} */
var als_import = null;
/**
*
* @returns {Promise<void>}
*/
function init_render_context() {
	als_import ??= import("node:async_hooks").then((hooks) => {
		als = new hooks.AsyncLocalStorage();
	}).then(noop, noop);
	return als_import;
}
function in_webcontainer() {
	return !!globalThis.process?.versions?.webcontainer;
}
// node_modules/svelte/src/internal/server/crypto.js
var text_encoder;
var crypto;
/** @param {string} module_name */
var obfuscated_import = (module_name) => import(
	/* @vite-ignore */
	module_name
);
/** @param {string} data */
async function sha256(data) {
	text_encoder ??= new TextEncoder();
	crypto ??= globalThis.crypto?.subtle?.digest ? globalThis.crypto : (await obfuscated_import("node:crypto")).webcrypto;
	return base64_encode(await crypto.subtle.digest("SHA-256", text_encoder.encode(data)));
}
/**
* @param {Uint8Array} bytes
* @returns {string}
*/
function base64_encode(bytes) {
	if (globalThis.Buffer) return globalThis.Buffer.from(bytes).toString("base64");
	let binary = "";
	for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
	return btoa(binary);
}
// node_modules/svelte/node_modules/devalue/src/javascript-source.js
var SOURCE = Symbol("JavaScriptSource");
var JavaScriptSource = class JavaScriptSource {
	/**
	* @param {TemplateStringsArray} strings
	* @param {unknown[]} values
	*/
	constructor(strings, values) {
		this.strings = strings;
		this.values = values;
	}
	/**
	* @param {(value: unknown) => string} fn
	*/
	render(fn) {
		const { strings, values } = this;
		let result = strings[0];
		for (let i = 0; i < values.length; i++) {
			const value = values[i];
			result += JavaScriptSource.is_fragment(value) ? JavaScriptSource.from(value).render(fn) : fn(value);
			result += strings[i + 1];
		}
		return result;
	}
	/**
	* @param {(value: unknown) => void} fn
	* @param {Set<string>} reserved
	* @param {Set<readonly string[]>} templates
	*/
	visit(fn, reserved, templates) {
		const { strings, values } = this;
		if (!templates.has(strings)) {
			templates.add(strings);
			for (const string of strings) {
				const decoded = string.replace(/\\u(?:([\da-f]{4})|\{([\da-f]+)\})/gi, (escape, hex, code_point) => {
					const code = parseInt(hex || code_point, 16);
					return code < 128 ? String.fromCharCode(code) : escape;
				});
				for (const name of decoded.match(/[a-zA-Z_$][\w$]*/g) || []) reserved.add(name);
			}
		}
		for (const value of values) if (JavaScriptSource.is_fragment(value)) JavaScriptSource.from(value).visit(fn, reserved, templates);
		else fn(value);
	}
	/**
	* @param {unknown} value
	* @returns {value is JavaScriptFragment}
	*/
	static is_fragment(value) {
		return typeof value === "object" && value !== null && SOURCE in value;
	}
	/**
	* @param {JavaScriptFragment} fragment
	* @returns {JavaScriptSource}
	*/
	static from(fragment) {
		if (!JavaScriptSource.is_fragment(fragment)) throw new TypeError("Invalid JavaScript fragment");
		return fragment[SOURCE];
	}
};
/**
* @param {TemplateStringsArray} strings
* @param {...unknown} values
* @returns {JavaScriptFragment}
*/
function js(strings, ...values) {
	if (!Array.isArray(strings) || !Array.isArray(strings.raw)) throw new TypeError("`js` must be used as a tagged template, but was called as a regular function");
	return { [SOURCE]: new JavaScriptSource(strings, values) };
}
var MAX_ARRAY_INDEX = 2 ** 32 - 1 - 1;
// node_modules/svelte/node_modules/devalue/src/utils.js
var name_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
var reserved_names = /^(?:do|if|in|for|int|let|new|try|var|byte|case|char|else|enum|goto|long|this|void|with|await|break|catch|class|const|final|float|short|super|throw|while|yield|delete|double|export|import|native|return|switch|throws|typeof|boolean|default|extends|finally|package|private|abstract|continue|debugger|function|volatile|interface|protected|transient|implements|instanceof|synchronized)$/;
/** @type {Record<string, string>} */
var escaped = {
	"<": "\\u003C",
	"\\": "\\\\",
	"\b": "\\b",
	"\f": "\\f",
	"\n": "\\n",
	"\r": "\\r",
	"	": "\\t",
	"\u2028": "\\u2028",
	"\u2029": "\\u2029"
};
var DevalueError = class extends Error {
	/**
	* @param {string} message
	* @param {string[]} keys
	* @param {any} [value] - The value that failed to be serialized
	* @param {any} [root] - The root value being serialized
	*/
	constructor(message, keys, value, root) {
		super(message);
		this.name = "DevalueError";
		this.path = keys.join("");
		this.value = value;
		this.root = root;
	}
};
/**
* Marks a Map key on the path being serialized. The key itself is recorded
* right after the marker, so nothing is formatted or allocated per entry.
*/
var MAP_KEY = Symbol();
/**
* Formats the path recorded on the way to the value being serialized — a
* property key, an array index, or `MAP_KEY` followed by a Map key — into
* the segments a `DevalueError` joins. Only runs when an error is raised.
* @param {any[]} keys
* @param {(key: any) => string} format_map_key
* @returns {string[]}
*/
function format_path(keys, format_map_key) {
	/** @type {string[]} */
	const path = [];
	for (let i = 0; i < keys.length; i += 1) {
		const segment = keys[i];
		if (segment === MAP_KEY) path.push(`.get(${format_map_key(keys[++i])})`);
		else if (typeof segment === "number") path.push(`[${segment}]`);
		else path.push(stringify_key(segment));
	}
	return path;
}
/** @param {any} thing */
function is_primitive(thing) {
	return thing === null || typeof thing !== "object" && typeof thing !== "function";
}
var object_proto_names = /* @__PURE__ */ Object.getOwnPropertyNames(Object.prototype).sort().join("\0");
/** @param {any} thing */
function is_plain_object(thing) {
	const proto = Object.getPrototypeOf(thing);
	return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null || Object.getOwnPropertyNames(proto).sort().join("\0") === object_proto_names;
}
/** @param {any} thing */
function get_type(thing) {
	return Object.prototype.toString.call(thing).slice(8, -1);
}
/** @param {any} thing */
function is_buffer(thing) {
	return typeof Buffer !== "undefined" && Buffer.isBuffer(thing);
}
/**
* Emit an array whose storage is not proportional to its declared length.
* Touching and deleting the largest valid index forces dictionary elements
* before setting the length; assigning .length on [] can still eagerly allocate.
* @param {number} length
*/
function stringify_sparse_array(length) {
	return `(function(a){a[${MAX_ARRAY_INDEX}]=0;delete a[${MAX_ARRAY_INDEX}];a.length=${length};return a}([]))`;
}
/** Returns the compact JavaScript identifier at `index`. @param {number} index */
function get_name(index) {
	let name = "";
	do {
		name = name_chars[index % 54] + name;
		index = ~~(index / 54) - 1;
	} while (index >= 0);
	return reserved_names.test(name) ? `${name}0` : name;
}
var needs_escape = /["<\\\u0000-\u001f\u2028\u2029]/;
var surrogate = /[\ud800-\udfff]/;
/** @type {(str: string) => boolean} */
var is_well_formed = typeof String.prototype.isWellFormed === "function" ? (str) => str.isWellFormed() : (str) => !surrogate.test(str);
var json_leaves_raw = /[<\u2028\u2029]/g;
/** @type {Record<string, string>} */
var raw_escapes = {
	"<": "\\u003C",
	"\u2028": "\\u2028",
	"\u2029": "\\u2029"
};
/** @param {string} char */
function escape_raw(char) {
	return raw_escapes[char];
}
/** @param {string} str */
function stringify_string(str) {
	if (!needs_escape.test(str) && is_well_formed(str)) return `"${str}"`;
	return JSON.stringify(str).replace(json_leaves_raw, escape_raw);
}
/** @param {Record<string | symbol, any>} object */
function enumerable_symbols(object) {
	const symbols = Object.getOwnPropertySymbols(object);
	return symbols.length === 0 ? symbols : symbols.filter((symbol) => Object.getOwnPropertyDescriptor(object, symbol)?.enumerable);
}
var is_identifier = /^[a-zA-Z_$][a-zA-Z_$0-9]*$/;
/** @param {string} key */
function stringify_key(key) {
	return is_identifier.test(key) ? "." + key : "[" + JSON.stringify(key) + "]";
}
/** @param {number} n */
function is_valid_array_index(n) {
	if (!Number.isInteger(n)) return false;
	if (n < 0) return false;
	if (n > MAX_ARRAY_INDEX) return false;
	return true;
}
/** @param {string} s */
function is_valid_array_index_string(s) {
	if (s.length === 0) return false;
	if (s.length > 1 && s.charCodeAt(0) === 48) return false;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return is_valid_array_index(+s);
}
/**
* Returns the length of the leading run of valid array indices in `keys`.
* @param {readonly string[]} keys
*/
function array_index_cut(keys) {
	for (var i = keys.length - 1; i >= 0; i--) if (is_valid_array_index_string(keys[i])) break;
	return i + 1;
}
/**
* Finds the populated indices of an array.
* @param {unknown[]} array
*/
function valid_array_indices(array) {
	const keys = Object.keys(array);
	keys.length = array_index_cut(keys);
	return keys;
}
// node_modules/svelte/node_modules/devalue/src/uneval.js
/**
* @import { UnevalReplacer } from './types.js';
*/
var unsafe_chars = /[<\b\f\n\r\t\0\u2028\u2029]/g;
var MIN_STRING_LENGTH = 128;
/**
* Turn a value into the JavaScript that creates an equivalent value
* @param {any} value
* @param {UnevalReplacer} [replacer]
*/
function uneval(value, replacer) {
	/** @type {Map<any, string>} */
	const names = /* @__PURE__ */ new Map();
	const reserved = /* @__PURE__ */ new Set();
	const templates = /* @__PURE__ */ new Set();
	const seen = /* @__PURE__ */ new Set();
	/** @type {any[]} */
	const keys = [];
	/** @type {Map<any, JavaScriptSource>} */
	const custom = /* @__PURE__ */ new Map();
	/**
	* @param {string} message
	* @param {any} thing
	* @returns {never}
	*/
	function error(message, thing) {
		throw new DevalueError(message, format_path(keys, (key) => is_primitive(key) ? stringify_primitive(key) : "..."), thing, value);
	}
	/** @type {Map<string | bigint, number> | undefined} */
	let primitive_counts;
	/** @type {Map<string | bigint, string> | undefined} */
	let primitives;
	/** @param {any} thing */
	function stringify_cached_primitive(thing) {
		if (typeof thing === "string" && thing.length >= MIN_STRING_LENGTH || typeof thing === "bigint") {
			primitives ??= /* @__PURE__ */ new Map();
			let literal = primitives.get(thing);
			if (literal === void 0) {
				literal = stringify_primitive(thing);
				primitives.set(thing, literal);
			}
			return literal;
		}
		return stringify_primitive(thing);
	}
	/** @param {any} thing */
	function walk(thing) {
		if (!is_primitive(thing)) {
			if (seen.has(thing)) {
				if (!names.has(thing)) names.set(thing, "");
				return;
			}
			seen.add(thing);
			if (replacer) {
				const fragment = replacer(thing, js);
				if (fragment) {
					const source = JavaScriptSource.from(fragment);
					custom.set(thing, source);
					source.visit(walk, reserved, templates);
					return;
				}
				if (fragment !== void 0 && fragment !== null && fragment !== false) throw new TypeError("Invalid uneval replacer result");
			}
			if (typeof thing === "function") error(`Cannot stringify a function`, thing);
			switch (get_type(thing)) {
				case "BigInt":
				case "String":
					walk(thing.valueOf());
					return;
				case "Number":
				case "Boolean":
				case "Date":
				case "RegExp":
				case "URL":
				case "URLSearchParams": return;
				case "Array":
					for (const i of valid_array_indices(thing)) {
						keys.push(+i);
						walk(thing[i]);
						keys.pop();
					}
					break;
				case "Set":
					for (const value of thing) walk(value);
					break;
				case "Map":
					for (const [key, value] of thing) {
						keys.push(MAP_KEY, key);
						walk(key);
						walk(value);
						keys.pop();
						keys.pop();
					}
					break;
				case "Int8Array":
				case "Uint8Array":
				case "Uint8ClampedArray":
				case "Int16Array":
				case "Uint16Array":
				case "Float16Array":
				case "Int32Array":
				case "Uint32Array":
				case "Float32Array":
				case "Float64Array":
				case "BigInt64Array":
				case "BigUint64Array":
				case "DataView":
					if (!is_buffer(thing)) walk(thing.buffer);
					return;
				case "ArrayBuffer": return;
				case "Temporal.Duration":
				case "Temporal.Instant":
				case "Temporal.PlainDate":
				case "Temporal.PlainTime":
				case "Temporal.PlainDateTime":
				case "Temporal.PlainMonthDay":
				case "Temporal.PlainYearMonth":
				case "Temporal.ZonedDateTime": return;
				default:
					if (!is_plain_object(thing)) error(`Cannot stringify arbitrary non-POJOs`, thing);
					if (enumerable_symbols(thing).length > 0) error(`Cannot stringify POJOs with symbolic keys`, thing);
					for (const key of Object.keys(thing)) {
						if (key === "__proto__") error(`Cannot stringify objects with __proto__ keys`, thing);
						keys.push(key);
						walk(thing[key]);
						keys.pop();
					}
			}
		} else if (typeof thing === "symbol") error(`Cannot stringify a Symbol primitive`, thing);
		else if (typeof thing === "string" && thing.length >= MIN_STRING_LENGTH || typeof thing === "bigint") {
			primitive_counts ??= /* @__PURE__ */ new Map();
			primitive_counts.set(thing, (primitive_counts.get(thing) || 0) + 1);
		}
	}
	walk(value);
	let name_index = 0;
	function next_name() {
		let name;
		do
			name = get_name(name_index++);
		while (reserved.has(name));
		return name;
	}
	for (const thing of names.keys()) names.set(thing, next_name());
	if (primitive_counts) for (const [thing, count] of primitive_counts) {
		if (count < 2) continue;
		const name = next_name();
		const length = stringify_cached_primitive(thing).length;
		if (length * count > length + (count + 1) * name.length + 40) names.set(thing, name);
	}
	seen.clear();
	const inlining = custom.size > 0 ? /* @__PURE__ */ new Set() : null;
	/** @type {Map<any, () => void>} */
	const initializers = /* @__PURE__ */ new Map();
	/** @type {string[]} */
	const statements = [];
	/**
	* @param {any} thing
	* @returns {string}
	*/
	function stringify(thing) {
		const name = names.get(thing);
		if (name) {
			if (!seen.has(thing)) {
				if (is_primitive(thing)) {
					seen.add(thing);
					statements.push(`let ${name}=${stringify_cached_primitive(thing)}`);
					return name;
				}
				const type = custom.has(thing) ? null : get_type(thing);
				switch (type) {
					case "Object":
						seen.add(thing);
						statements.push(`let ${name}=${Object.getPrototypeOf(thing) === null ? "Object.create(null)" : "{}"}`);
						Object.keys(thing).forEach((key) => {
							statements.push(`${name}${safe_prop(key)}=${stringify(thing[key])}`);
						});
						break;
					case "Array": {
						seen.add(thing);
						const indices = valid_array_indices(thing);
						const array = thing.length > 32 + 2 * indices.length ? stringify_sparse_array(thing.length) : `Array(${thing.length})`;
						statements.push(`let ${name}=${array}`);
						for (const i of indices) statements.push(`${name}[${i}]=${stringify(thing[i])}`);
						break;
					}
					case "Set":
					case "Map": {
						seen.add(thing);
						/** @type {string[]} */
						const entries = [];
						let initialized = false;
						let statement_index = -1;
						const initialize = () => {
							if (initialized) return;
							initialized = true;
							initializers.delete(thing);
							statements.push(`let ${name}=new ${type}${entries.length ? `([${entries.join(",")}])` : ""}`);
						};
						initializers.set(thing, initialize);
						for (const entry of thing) {
							const args = type === "Map" ? `${stringify(entry[0])},${stringify(entry[1])}` : stringify(entry);
							if (!initialized) entries.push(type === "Map" ? `[${args}]` : args);
							else {
								const call = `.${type === "Map" ? "set" : "add"}(${args})`;
								if (statement_index === statements.length - 1) statements[statement_index] += call;
								else statement_index = statements.push(name + call) - 1;
							}
						}
						initialize();
						break;
					}
					default:
						const str = actually_stringify(thing);
						if (!seen.has(thing)) statements.push(`let ${name}=${str}`);
						seen.add(thing);
				}
			} else initializers.get(thing)?.();
			return name;
		}
		if (is_primitive(thing)) return stringify_cached_primitive(thing);
		if (inlining === null) return actually_stringify(thing);
		if (inlining.has(thing)) {
			names.set(thing, next_name());
			return stringify(thing);
		}
		inlining.add(thing);
		const str = actually_stringify(thing);
		inlining.delete(thing);
		return names.get(thing) || str;
	}
	/**
	* @param {any} thing
	* @returns {string}
	*/
	function actually_stringify(thing) {
		const source = custom.get(thing);
		if (source) return source.render(stringify);
		const type = get_type(thing);
		switch (type) {
			case "Number":
			case "String":
			case "Boolean":
			case "BigInt": return `Object(${stringify(thing.valueOf())})`;
			case "RegExp":
				const { source, flags } = thing;
				return flags ? `new RegExp(${stringify_string(source)},"${flags}")` : `new RegExp(${stringify_string(source)})`;
			case "Date": return `new Date(${thing.getTime()})`;
			case "URL": return `new URL(${stringify_string(thing.toString())})`;
			case "URLSearchParams": return `new URLSearchParams(${stringify_string(thing.toString())})`;
			case "Array": {
				let has_holes = false;
				let result = "[";
				for (let i = 0; i < thing.length; i += 1) {
					if (i > 0) result += ",";
					if (Object.hasOwn(thing, i)) result += stringify(thing[i]);
					else if (!has_holes) {
						const populated_keys = valid_array_indices(thing);
						const population = populated_keys.length;
						const d = String(thing.length).length;
						const array = stringify_sparse_array(thing.length);
						if (thing.length + 2 > array.length + 18 + population * (d + 2)) return `Object.assign(${array},{${populated_keys.map((k) => `${k}:${stringify(thing[k])}`).join(",")}})`;
						has_holes = true;
					}
				}
				const tail = thing.length === 0 || Object.hasOwn(thing, thing.length - 1) ? "" : ",";
				return result + tail + "]";
			}
			case "Set": return `new Set([${Array.from(thing, stringify).join(",")}])`;
			case "Map": return `new Map([${Array.from(thing, ([k, v]) => `[${stringify(k)},${stringify(v)}]`).join(",")}])`;
			case "Int8Array":
			case "Uint8Array":
			case "Uint8ClampedArray":
			case "Int16Array":
			case "Uint16Array":
			case "Float16Array":
			case "Int32Array":
			case "Uint32Array":
			case "Float32Array":
			case "Float64Array":
			case "BigInt64Array":
			case "BigUint64Array": {
				if (is_buffer(thing)) thing = new Uint8Array(thing);
				if (thing.buffer.byteLength % thing.BYTES_PER_ELEMENT !== 0) return `new ${type}(${stringify(thing.buffer)},${thing.byteOffset},${thing.length})`;
				let str = `new ${type}`;
				if (!names.has(thing.buffer)) str += `([${stringify_typed_array_elements(type, thing.buffer)}])`;
				else str += `(${stringify(thing.buffer)})`;
				if (thing.byteLength !== thing.buffer.byteLength) {
					const start = thing.byteOffset / thing.BYTES_PER_ELEMENT;
					const end = start + thing.length;
					str += `.subarray(${start},${end})`;
				}
				return str;
			}
			case "DataView": {
				let str = `new DataView`;
				if (!names.has(thing.buffer)) str += `(new Uint8Array([${new Uint8Array(thing.buffer)}]).buffer`;
				else str += `(${stringify(thing.buffer)}`;
				if (thing.byteLength !== thing.buffer.byteLength) str += `,${thing.byteOffset},${thing.byteLength}`;
				return str + ")";
			}
			case "ArrayBuffer": return `new Uint8Array([${new Uint8Array(thing).toString()}]).buffer`;
			case "Temporal.Duration":
			case "Temporal.Instant":
			case "Temporal.PlainDate":
			case "Temporal.PlainTime":
			case "Temporal.PlainDateTime":
			case "Temporal.PlainMonthDay":
			case "Temporal.PlainYearMonth":
			case "Temporal.ZonedDateTime": return `${type}.from(${stringify_string(thing.toString())})`;
			default:
				const keys = Object.keys(thing);
				const obj = keys.map((key) => `${safe_key(key)}:${stringify(thing[key])}`).join(",");
				if (Object.getPrototypeOf(thing) === null) return keys.length > 0 ? `{${obj},__proto__:null}` : `{__proto__:null}`;
				return `{${obj}}`;
		}
	}
	const str = stringify(value);
	if (statements.length === 0) return str;
	return `(function(){${statements.join(";")};return ${str}}())`;
}
/**
* Serialize the elements of `buffer`, read as `type`, as a comma-separated list.
* The view is created from `type` rather than from the serialized value's own
* constructor, which may be a subclass like Node's `Buffer` whose `toString`
* decodes the bytes instead of listing them.
* `BigInt64Array`/`BigUint64Array` elements are bigints and must be written
* with an `n` suffix, otherwise the emitted `new BigInt64Array([...])` throws.
* @param {string} type
* @param {ArrayBufferLike} buffer
*/
function stringify_typed_array_elements(type, buffer) {
	const array = new globalThis[type](buffer);
	if (type === "BigInt64Array" || type === "BigUint64Array") return Array.from(array, (element) => `${element}n`).join(",");
	if (array instanceof Float32Array || array instanceof Float64Array || typeof Float16Array !== "undefined" && array instanceof Float16Array) return Array.from(array, (element) => Object.is(element, -0) ? "-0" : `${element}`).join(",");
	return array.toString();
}
/** @param {string} c */
function escape_unsafe_char(c) {
	return escaped[c] || c;
}
/** @param {string} str */
function escape_unsafe_chars(str) {
	return str.replace(unsafe_chars, escape_unsafe_char);
}
/** @param {string} key */
function safe_key(key) {
	return /^[_$a-zA-Z][_$a-zA-Z0-9]*$/.test(key) ? key : escape_unsafe_chars(JSON.stringify(key));
}
/** @param {string} key */
function safe_prop(key) {
	return /^[_$a-zA-Z][_$a-zA-Z0-9]*$/.test(key) ? `.${key}` : `[${escape_unsafe_chars(JSON.stringify(key))}]`;
}
/** @param {any} thing */
function stringify_primitive(thing) {
	const type = typeof thing;
	if (type === "string") return stringify_string(thing);
	if (thing === void 0) return "void 0";
	if (thing === 0 && 1 / thing < 0) return "-0";
	const str = String(thing);
	if (type === "number") return str.replace(/^(-)?0\./, "$1.");
	if (type === "bigint") return thing + "n";
	return str;
}
// node_modules/svelte/src/internal/server/renderer.js
/** @import { Component } from 'svelte' */
/** @import { HydratableContext, SSRContext } from './types.js' */
/** @import { Csp, RenderOutput, SyncRenderOutput, Sha256Source } from '../../server/public.js' */
/** @import { MaybePromise } from '#shared' */
/** @typedef {'head' | 'body'} RendererType */
/** @typedef {{ [key in RendererType]: string }} AccumulatedContent */
/**
* @typedef {string | Renderer} RendererItem
*/
var RenderResult = class {
	/** @type {() => AccumulatedContent} */
	#render;
	/** @type {() => Promise<AccumulatedContent & { hashes: { script: Sha256Source[] } }>} */
	#render_async;
	/** @type {AccumulatedContent | undefined} */
	#sync;
	/** @type {{ script: '' }} */
	#hashes = { script: "" };
	/** @type {Promise<AccumulatedContent & { hashes: { script: Sha256Source[] } }> | undefined} */
	#promise;
	/**
	* @param {() => AccumulatedContent} render
	* @param {() => Promise<AccumulatedContent & { hashes: { script: Sha256Source[] } }>} render_async
	*/
	constructor(render, render_async) {
		this.#render = render;
		this.#render_async = render_async;
	}
	#get() {
		return this.#sync ??= this.#render();
	}
	get html() {
		return this.#get().body;
	}
	get head() {
		return this.#get().head;
	}
	get body() {
		return this.#get().body;
	}
	get hashes() {
		return this.#hashes;
	}
	/**
	* This is not type-safe, but honestly it's the best I can do right now, and it's a straightforward function.
	*
	* @template TResult1
	* @template [TResult2=never]
	* @param {(value: SyncRenderOutput) => TResult1} onfulfilled
	* @param {(reason: unknown) => TResult2} onrejected
	*/
	then(onfulfilled, onrejected) {
		{
			const result = this.#get();
			const user_result = onfulfilled({
				head: result.head,
				body: result.body,
				html: result.body,
				hashes: { script: [] }
			});
			return Promise.resolve(user_result);
		}
	}
};
/**
* Renderers are basically a tree of `string | Renderer`s, where each `Renderer` in the tree represents
* work that may or may not have completed. A renderer can be {@link collect}ed to aggregate the
* content from itself and all of its children, but this will throw if any of the children are
* performing asynchronous work. To asynchronously collect a renderer, just `await` it.
*
* The `string` values within a renderer are always associated with the {@link type} of that renderer. To switch types,
* call {@link child} with a different `type` argument.
*/
var Renderer = class Renderer {
	/**
	* The contents of the renderer.
	* @type {RendererItem[]}
	*/
	#out = [];
	/**
	* Any `onDestroy` callbacks registered during execution of this renderer.
	* @type {(() => void)[] | undefined}
	*/
	#on_destroy = void 0;
	/**
	* Whether this renderer is a component body.
	* @type {boolean}
	*/
	#is_component_body = false;
	/** @type {boolean} */
	#is_title = false;
	/**
	* If set, this renderer is an error boundary. When async collection
	* of the children fails, the failed snippet is rendered instead.
	* @type {{
	* 	failed: (renderer: Renderer, error: unknown, reset: () => void) => void;
	* 	transformError: (error: unknown) => unknown;
	* 	context: SSRContext | null;
	* } | null}
	*/
	#boundary = null;
	/**
	* The type of string content that this renderer is accumulating.
	* @type {RendererType}
	*/
	type;
	/** @type {Renderer | undefined} */
	#parent;
	/**
	* Asynchronous work associated with this renderer
	* @type {Promise<void> | undefined}
	*/
	promise = void 0;
	/**
	* State which is associated with the content tree as a whole.
	* It will be re-exposed, uncopied, on all children.
	* @type {SSRState}
	* @readonly
	*/
	global;
	/**
	* State that is local to the branch it is declared in.
	* It will be shallow-copied to all children.
	*
	* @type {{ select_value: any, multiple: boolean }}
	*/
	local;
	/**
	* @param {SSRState} global
	* @param {Renderer | undefined} [parent]
	*/
	constructor(global, parent) {
		this.#parent = parent;
		this.global = global;
		this.local = parent ? { ...parent.local } : {
			select_value: void 0,
			multiple: false
		};
		this.type = parent ? parent.type : "body";
	}
	/**
	* @param {(renderer: Renderer) => void} fn
	*/
	head(fn) {
		const head = new Renderer(this.global, this);
		head.type = "head";
		this.#out.push(head);
		head.child(fn);
	}
	/**
	* @param {Array<Promise<void>>} blockers
	* @param {(renderer: Renderer) => void} fn
	*/
	async_block(blockers, fn) {
		this.#out.push(BLOCK_OPEN);
		this.async(blockers, fn);
		this.#out.push(BLOCK_CLOSE);
	}
	/**
	* @param {Array<Promise<void>>} blockers
	* @param {(renderer: Renderer) => void} fn
	*/
	async(blockers, fn) {
		let callback = fn;
		if (blockers.length > 0) {
			const context = ssr_context;
			callback = (renderer) => {
				return Promise.all(blockers).then(() => {
					const previous_context = ssr_context;
					try {
						set_ssr_context(context);
						return fn(renderer);
					} finally {
						set_ssr_context(previous_context);
					}
				});
			};
		}
		this.child(callback);
	}
	/**
	* @param {Array<() => void>} thunks
	*/
	run(thunks) {
		const context = ssr_context;
		let promise = Promise.resolve(thunks[0]());
		const promises = [promise];
		if (context !== null && thunks.length > 1) context.i = true;
		for (const fn of thunks.slice(1)) {
			promise = promise.then(() => {
				const previous_context = ssr_context;
				set_ssr_context(context);
				try {
					return fn();
				} finally {
					set_ssr_context(previous_context);
				}
			});
			promises.push(promise);
		}
		promise.catch(noop);
		this.promise = this.global.track(promise);
		return promises;
	}
	/**
	* @param {(renderer: Renderer) => MaybePromise<void>} fn
	*/
	child_block(fn) {
		this.#out.push(BLOCK_OPEN);
		this.child(fn);
		this.#out.push(BLOCK_CLOSE);
	}
	/**
	* Create a child renderer. The child renderer inherits the state from the parent,
	* but has its own content.
	* @param {(renderer: Renderer) => MaybePromise<void>} fn
	*/
	child(fn) {
		const child = new Renderer(this.global, this);
		this.#out.push(child);
		const parent = ssr_context;
		set_ssr_context({
			...ssr_context,
			p: parent,
			c: null,
			r: child,
			i: ssr_context?.i ?? false
		});
		const result = fn(child);
		set_ssr_context(parent);
		if (result instanceof Promise) {
			result.catch(noop);
			result.finally(() => set_ssr_context(null)).catch(noop);
			if (child.global.mode === "sync") await_invalid();
			child.promise = child.global.track(result);
		}
		return child;
	}
	/**
	* Render children inside an error boundary. If the children throw and the API-level
	* `transformError` transform handles the error (doesn't re-throw), the `failed` snippet is
	* rendered instead. Otherwise the error propagates.
	*
	* @param {{ failed?: (renderer: Renderer, error: unknown, reset: () => void) => void }} props
	* @param {(renderer: Renderer) => MaybePromise<void>} children_fn
	*/
	boundary(props, children_fn) {
		const child = new Renderer(this.global, this);
		this.#out.push(child);
		const parent_context = ssr_context;
		if (props.failed) child.#boundary = {
			failed: props.failed,
			transformError: this.global.transformError,
			context: parent_context
		};
		set_ssr_context({
			...ssr_context,
			p: parent_context,
			c: null,
			r: child,
			i: ssr_context?.i ?? false
		});
		try {
			const result = children_fn(child);
			set_ssr_context(parent_context);
			if (result instanceof Promise) {
				if (child.global.mode === "sync") await_invalid();
				result.catch(noop);
				child.promise = child.global.track(result);
			}
		} catch (error) {
			set_ssr_context(parent_context);
			const failed_snippet = props.failed;
			if (!failed_snippet) throw error;
			const result = this.global.transformError(error);
			child.#out.length = 0;
			child.#boundary = null;
			if (result instanceof Promise) {
				if (this.global.mode === "sync") await_invalid();
				child.promise = child.global.track(
					/** @type {Promise<unknown>} */
					result.then((transformed) => {
						set_ssr_context(parent_context);
						child.#out.push(Renderer.#serialize_failed_boundary(transformed));
						failed_snippet(child, transformed, noop);
						child.#out.push(BLOCK_CLOSE);
					})
				);
				child.promise.catch(noop);
			} else {
				child.#out.push(Renderer.#serialize_failed_boundary(result));
				failed_snippet(child, result, noop);
				child.#out.push(BLOCK_CLOSE);
			}
		}
	}
	/**
	* Create a component renderer. The component renderer inherits the state from the parent,
	* but has its own content. It is treated as an ordering boundary for ondestroy callbacks.
	* @param {(renderer: Renderer) => MaybePromise<void>} fn
	* @param {Function} [component_fn]
	* @returns {void}
	*/
	component(fn, component_fn) {
		push(component_fn);
		this.child((renderer) => {
			renderer.#is_component_body = true;
			return fn(renderer);
		});
		pop();
	}
	/**
	* @param {Record<string, any>} attrs
	* @param {(renderer: Renderer) => void} fn
	* @param {string | undefined} [css_hash]
	* @param {Record<string, boolean> | undefined} [classes]
	* @param {Record<string, string> | undefined} [styles]
	* @param {number | undefined} [flags]
	* @param {boolean | undefined} [is_rich]
	* @returns {void}
	*/
	select(attrs, fn, css_hash, classes, styles, flags, is_rich) {
		const { value, defaultValue, ...select_attrs } = attrs;
		if (select_attrs.multiple === "") select_attrs.multiple = true;
		this.push(`<select${attributes(select_attrs, css_hash, classes, styles, flags)}>`);
		this.child((renderer) => {
			renderer.local.select_value = value === void 0 ? defaultValue : value;
			renderer.local.multiple = !!select_attrs.multiple;
			fn(renderer);
		});
		this.push(`${is_rich ? "<!>" : ""}</select>`);
	}
	/**
	* @param {Record<string, any>} attrs
	* @param {string | number | boolean | ((renderer: Renderer) => void)} body
	* @param {string | undefined} [css_hash]
	* @param {Record<string, boolean> | undefined} [classes]
	* @param {Record<string, string> | undefined} [styles]
	* @param {number | undefined} [flags]
	* @param {boolean | undefined} [is_rich]
	*/
	option(attrs, body, css_hash, classes, styles, flags, is_rich) {
		this.#out.push(`<option${attributes(attrs, css_hash, classes, styles, flags)}`);
		/**
		* @param {Renderer} renderer
		* @param {any} value
		* @param {{ head?: string, body: any }} content
		*/
		const close = (renderer, value, { head, body }) => {
			if (has_own_property.call(attrs, "value")) value = attrs.value;
			var select_value = this.local.select_value;
			if (this.local.multiple && is_array(select_value) ? select_value.includes(value) : value === select_value) renderer.#out.push(" selected=\"\"");
			renderer.#out.push(`>${body}${is_rich ? "<!>" : ""}</option>`);
			if (head) renderer.head((child) => child.push(head));
		};
		if (typeof body === "function") this.child((renderer) => {
			const r = new Renderer(this.global, this);
			body(r);
			if (this.global.mode === "async") return r.#collect_content_async().then((content) => {
				close(renderer, content.body.replaceAll("<!---->", ""), content);
			});
			else {
				const content = r.#collect_content();
				close(renderer, content.body.replaceAll("<!---->", ""), content);
			}
		});
		else close(this, body, { body: escape_html(body) });
	}
	/**
	* @param {(renderer: Renderer) => void} fn
	*/
	title(fn) {
		const title = new Renderer(this.global, this);
		title.type = "head";
		title.#is_title = true;
		this.#out.push(title);
		title.child(fn);
	}
	/**
	* @param {string | (() => Promise<string>)} content
	*/
	push(content) {
		if (typeof content === "function") this.child(async (renderer) => renderer.push(await content()));
		else this.#out.push(content);
	}
	/**
	* @param {() => void} fn
	*/
	on_destroy(fn) {
		(this.#on_destroy ??= []).push(fn);
	}
	/**
	* @deprecated this is needed for legacy component bindings
	*/
	copy() {
		const copy = new Renderer(this.global, this.#parent);
		copy.type = this.type;
		copy.#is_title = this.#is_title;
		copy.#out = this.#out.map((item) => item instanceof Renderer ? item.copy() : item);
		copy.promise = this.promise;
		return copy;
	}
	/**
	* @param {Renderer} other
	* @deprecated this is needed for legacy component bindings
	*/
	subsume(other) {
		if (this.global.mode !== other.global.mode) throw new Error("invariant: A renderer cannot switch modes. If you're seeing this, there's a compiler bug. File an issue!");
		this.local = other.local;
		this.#out = other.#out.map((item, i) => {
			const current = this.#out[i];
			if (current instanceof Renderer && item instanceof Renderer) {
				current.subsume(item);
				return current;
			}
			return item;
		});
		this.promise = other.promise;
		this.type = other.type;
		this.#is_title = other.#is_title;
	}
	get length() {
		return this.#out.length;
	}
	/**
	* Creates the hydration comment that marks the start of a failed boundary.
	* The error is JSON-serialized and embedded inside an HTML comment for the client
	* to parse during hydration. The JSON is escaped to prevent `-->` or `<!--` sequences
	* from breaking out of the comment (XSS). Uses unicode escapes which `JSON.parse()`
	* handles transparently.
	* @param {unknown} error
	* @returns {string}
	*/
	static #serialize_failed_boundary(error) {
		return `<!--[?${JSON.stringify(error).replace(/>/g, "\\u003e").replace(/</g, "\\u003c")}-->`;
	}
	/**
	* Only available on the server and when compiling with the `server` option.
	* Takes a component and returns an object with `body` and `head` properties on it, which you can use to populate the HTML when server-rendering your app.
	* @template {Record<string, any>} Props
	* @param {Component<Props>} component
	* @param {{ props?: Omit<Props, '$$slots' | '$$events'>; context?: Map<any, any>; idPrefix?: string; csp?: Csp }} [options]
	* @returns {RenderOutput}
	*/
	static render(component, options = {}) {
		return new RenderResult(() => Renderer.#render(component, options), () => init_render_context().then(() => with_render_context(() => Renderer.#render_async(component, options))));
	}
	/**
	* runs onDestroy callbacks deepest component first, each with its child renderers in document order
	* only call once the content has been collected
	* @param {boolean} suppress_errors so callback errors on a failed render do not mask the render error
	*/
	#run_on_destroy(suppress_errors) {
		let first_error;
		let has_error = false;
		/**
		* @param {Renderer} renderer
		* @param {Array<() => void>} callbacks callbacks of the enclosing component
		*/
		const visit = (renderer, callbacks) => {
			if (renderer.#is_component_body) callbacks = [];
			if (renderer.#on_destroy) push_array(callbacks, renderer.#on_destroy);
			for (const child of renderer.#out) if (child instanceof Renderer) visit(child, callbacks);
			if (!renderer.#is_component_body) return;
			for (const cleanup of callbacks) try {
				cleanup();
			} catch (error) {
				if (!suppress_errors && !has_error) {
					first_error = error;
					has_error = true;
				}
			}
		};
		visit(this, []);
		if (has_error) throw first_error;
	}
	/**
	* @param {'sync' | 'async'} mode
	* @param {{ idPrefix?: string; csp?: Csp; transformError?: (error: unknown) => unknown }} options
	* @returns {Renderer}
	*/
	static #create(mode, options) {
		if (options.idPrefix?.includes("--")) invalid_id_prefix();
		return new Renderer(new SSRState(mode, options.idPrefix ? options.idPrefix + "-" : "", options.csp, options.transformError));
	}
	/**
	* Render a component. Throws if any of the children are performing asynchronous work.
	*
	* @template {Record<string, any>} Props
	* @param {Component<Props>} component
	* @param {{ props?: Omit<Props, '$$slots' | '$$events'>; context?: Map<any, any>; idPrefix?: string }} options
	* @returns {AccumulatedContent}
	*/
	static #render(component, options) {
		var previous_context = ssr_context;
		const renderer = Renderer.#create("sync", options);
		/** @type {AccumulatedContent | undefined} */
		let result;
		let render_error;
		let failed = false;
		try {
			try {
				Renderer.#open_render(renderer, component, options);
				result = Renderer.#close_render(renderer.#collect_content(), renderer);
			} catch (error) {
				render_error = error;
				failed = true;
			}
			renderer.#run_on_destroy(failed);
			if (failed) throw render_error;
			return result;
		} finally {
			renderer.global.abort();
			set_ssr_context(previous_context);
		}
	}
	/**
	* Render a component.
	*
	* @template {Record<string, any>} Props
	* @param {Component<Props>} component
	* @param {{ props?: Omit<Props, '$$slots' | '$$events'>; context?: Map<any, any>; idPrefix?: string; csp?: Csp }} options
	* @returns {Promise<AccumulatedContent & { hashes: { script: Sha256Source[] } }>}
	*/
	static async #render_async(component, options) {
		const previous_context = ssr_context;
		const renderer = Renderer.#create("async", options);
		/** @type {(AccumulatedContent & { hashes: { script: Sha256Source[] } }) | undefined} */
		let result;
		let render_error;
		let failed = false;
		try {
			try {
				Renderer.#open_render(renderer, component, options);
				const content = await renderer.#collect_content_async();
				const hydratables = await renderer.#collect_hydratables();
				if (hydratables !== null) content.head = hydratables + content.head;
				result = Renderer.#close_render(content, renderer);
			} catch (error) {
				render_error = error;
				failed = true;
				renderer.global.abort();
				await renderer.global.settle();
			}
			renderer.#run_on_destroy(failed);
			if (failed) throw render_error;
			return result;
		} finally {
			set_ssr_context(previous_context);
			renderer.global.abort();
		}
	}
	/**
	* Collect all of the code from the `out` array and return it as a string, or a promise resolving to a string.
	* @param {AccumulatedContent} content
	* @returns {AccumulatedContent}
	*/
	#collect_content(content = {
		head: "",
		body: ""
	}) {
		for (const item of this.#out) if (typeof item === "string") content[this.type] += item;
		else if (item.#is_title) this.global.title = item.#collect_content().head;
		else item.#collect_content(content);
		return content;
	}
	/**
	* Collect all of the code from the `out` array and return it as a string.
	* @param {AccumulatedContent} content
	* @returns {Promise<AccumulatedContent>}
	*/
	async #collect_content_async(content = {
		head: "",
		body: ""
	}) {
		await this.promise;
		for (const item of this.#out) if (typeof item === "string") content[this.type] += item;
		else if (item.#is_title) this.global.title = (await item.#collect_content_async()).head;
		else if (item.#boundary) {
			/** @type {AccumulatedContent} */
			const boundary_content = {
				head: "",
				body: ""
			};
			const title = this.global.title;
			try {
				await item.#collect_content_async(boundary_content);
				content.head += boundary_content.head;
				content.body += boundary_content.body;
			} catch (error) {
				this.global.title = title;
				const { context, failed, transformError } = item.#boundary;
				set_ssr_context(context);
				let promise = transformError(error);
				set_ssr_context(null);
				let transformed = await promise;
				set_ssr_context(context);
				const failed_renderer = new Renderer(item.global, item);
				failed_renderer.type = item.type;
				failed_renderer.#out.push(Renderer.#serialize_failed_boundary(transformed));
				failed(failed_renderer, transformed, noop);
				failed_renderer.#out.push(BLOCK_CLOSE);
				await failed_renderer.#collect_content_async(content);
			}
		} else await item.#collect_content_async(content);
		return content;
	}
	async #collect_hydratables() {
		const ctx = get_render_context().hydratable;
		for (const [_, key] of ctx.unresolved_promises) unresolved_hydratable(key, ctx.lookup.get(key)?.stack ?? "<missing stack trace>");
		for (const comparison of ctx.comparisons) await comparison;
		return await this.#hydratable_block(ctx);
	}
	/**
	* @template {Record<string, any>} Props
	* @param {Renderer} renderer
	* @param {import('svelte').Component<Props>} component
	* @param {{ props?: Omit<Props, '$$slots' | '$$events'>; context?: Map<any, any>; idPrefix?: string; csp?: Csp; transformError?: (error: unknown) => unknown }} options
	* @returns {void}
	*/
	static #open_render(renderer, component, options) {
		var previous_context = ssr_context;
		try {
			set_ssr_context({
				p: null,
				c: options.context ?? null,
				r: renderer,
				i: false
			});
			renderer.push(BLOCK_OPEN);
			component(renderer, options.props ?? {});
			renderer.push(BLOCK_CLOSE);
		} finally {
			set_ssr_context(previous_context);
		}
	}
	/**
	* @param {AccumulatedContent} content
	* @param {Renderer} renderer
	* @returns {AccumulatedContent & { hashes: { script: Sha256Source[] } }}
	*/
	static #close_render(content, renderer) {
		let head = content.head + renderer.global.title;
		let body = content.body;
		for (const { hash, code } of renderer.global.css) head += `<style id="${hash}">${code}</style>`;
		return {
			head,
			body,
			hashes: { script: renderer.global.csp.script_hashes }
		};
	}
	/**
	* @param {HydratableContext} ctx
	*/
	async #hydratable_block(ctx) {
		if (ctx.lookup.size === 0) return null;
		let entries = [];
		let has_promises = false;
		for (const [k, v] of ctx.lookup) {
			if (v.promises) {
				has_promises = true;
				for (const p of v.promises) await p;
			}
			entries.push(`[${uneval(k)},${v.serialized}]`);
		}
		let prelude = `const h = (window.__svelte ??= {}).h ??= new Map();`;
		if (has_promises) prelude = `const r = (v) => Promise.resolve(v);
				${prelude}`;
		const body = `
			{
				${prelude}

				for (const [k, v] of [
					${entries.join(",\n					")}
				]) {
					h.set(k, v);
				}
			}
		`;
		let csp_attr = "";
		if (this.global.csp.nonce) csp_attr = ` nonce="${this.global.csp.nonce}"`;
		else if (this.global.csp.hash) {
			const hash = await sha256(body);
			this.global.csp.script_hashes.push(`sha256-${hash}`);
		}
		return `\n\t\t<script${csp_attr}>${body}<\/script>`;
	}
};
var SSRState = class {
	/** @readonly @type {Csp & { script_hashes: Sha256Source[] }} */
	csp;
	/** @readonly @type {'sync' | 'async'} */
	mode;
	/** @readonly @type {() => string} */
	uid;
	/** @readonly @type {Set<{ hash: string; code: string }>} */
	css = /* @__PURE__ */ new Set();
	/** set while collecting so the last title in document order wins */
	title = "";
	/** @type {Set<Promise<unknown>>} */
	#pending = /* @__PURE__ */ new Set();
	/** @type {AbortController | null} */
	#controller = null;
	#aborted = false;
	/**
	* `transformError` passed to `render`. Called when an error boundary catches an error.
	* Throws by default if unset in `render`.
	* @type {(error: unknown) => unknown}
	*/
	transformError;
	/**
	* @param {'sync' | 'async'} mode
	* @param {string} id_prefix
	* @param {Csp} csp
	* @param {((error: unknown) => unknown) | undefined} [transformError]
	*/
	constructor(mode, id_prefix = "", csp = { hash: false }, transformError) {
		this.mode = mode;
		this.csp = {
			...csp,
			script_hashes: []
		};
		this.transformError = transformError ?? ((error) => {
			throw error;
		});
		let uid = 1;
		this.uid = () => `${id_prefix}s${uid++}`;
	}
	/**
	* @template T
	* @param {Promise<T>} promise
	* @returns {Promise<T>}
	*/
	track(promise) {
		this.#pending.add(promise);
		promise.then(() => this.#pending.delete(promise), () => this.#pending.delete(promise));
		return promise;
	}
	async settle() {
		while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
	}
	abort() {
		if (this.#aborted) return;
		this.#aborted = true;
		this.#controller?.abort(STALE_REACTION);
	}
	get_abort_signal() {
		const controller = this.#controller ??= new AbortController();
		if (this.#aborted) controller.abort(STALE_REACTION);
		return controller.signal;
	}
};
// node_modules/svelte/src/internal/server/index.js
var INVALID_ATTR_NAME_CHAR_REGEX = /[\s'">/=\u{FDD0}-\u{FDEF}\u{FFFE}\u{FFFF}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;
/**
* Only available on the server and when compiling with the `server` option.
* Takes a component and returns an object with `body` and `head` properties on it, which you can use to populate the HTML when server-rendering your app.
* @template {Record<string, any>} Props
* @param {Component<Props> | ComponentType<SvelteComponent<Props>>} component
* @param {{ props?: Omit<Props, '$$slots' | '$$events'>; context?: Map<any, any>; idPrefix?: string; csp?: Csp; transformError?: (error: unknown) => unknown }} [options]
* @returns {RenderOutput}
*/
function render(component, options = {}) {
	if (options.csp?.hash && options.csp.nonce) invalid_csp();
	return Renderer.render(component, options);
}
/**
* @param {Record<string, unknown>} attrs
* @param {string} [css_hash]
* @param {Record<string, boolean>} [classes]
* @param {Record<string, string>} [styles]
* @param {number} [flags]
* @returns {string}
*/
function attributes(attrs, css_hash, classes, styles, flags = 0) {
	if (styles) attrs.style = to_style(attrs.style, styles);
	if (attrs.class) attrs.class = clsx(attrs.class);
	if (css_hash || classes) attrs.class = to_class(attrs.class, css_hash, classes);
	let attr_str = "";
	let name;
	const is_html = (flags & 1) === 0;
	const lowercase = (flags & 2) === 0;
	const is_input = (flags & 4) !== 0;
	const names = Object.keys(attrs);
	outer: for (let i = 0; i < names.length; i++) {
		name = names[i];
		if (typeof attrs[name] === "function") continue;
		if (name[0] === "$" && name[1] === "$") continue;
		if (name === "" || INVALID_ATTR_NAME_CHAR_REGEX.test(name)) continue;
		var value = attrs[name];
		var lower = name.toLowerCase();
		if (lowercase) name = lower;
		if (lower.length > 2 && lower.startsWith("on")) continue;
		if (is_input) {
			if (name === "defaultvalue" || name === "defaultchecked") {
				name = name === "defaultvalue" ? "value" : "checked";
				if (name in attrs) continue;
				for (let j = 0; j < names.length; j++) if (names[j].toLowerCase() === name) continue outer;
			}
		}
		attr_str += attr(name, value, is_html && is_boolean_attribute(name));
	}
	return attr_str;
}
/**
* @template V
* @param {() => V} get_value
*/
function once(get_value) {
	let value = UNINITIALIZED;
	return () => {
		if (value === UNINITIALIZED) value = get_value();
		return value;
	};
}
/**
* @template T
* @param {()=>T} fn
* @returns {(new_value?: T) => (T | void)}
*/
function derived(fn) {
	const get_value = ssr_context === null ? fn : once(fn);
	/** @type {T | undefined} */
	let updated_value;
	return function(new_value) {
		if (arguments.length === 0) return updated_value ?? get_value();
		updated_value = new_value;
		return updated_value;
	};
}
export { hydration_failed as $, create_fragment as A, set as B, destroy_effect as C, run as Ct, append_child as D, invoke_error_boundary as E, insert_before as F, push_renderer as G, flushSync as H, node_type as I, pop$1 as J, component_context as K, remove_child as L, get_next_sibling as M, get_node_value as N, clear_text_content as O, get_parent_node as P, queue_micro_task as Q, internal_set as R, component_root as S, noop as St, pause_effect as T, pending_boundaries as U, Batch as V, pop_renderer as W, set_component_context as X, push$1 as Y, set_signal_status as Z, get as _, EFFECT_TRANSPARENT as _t, createContext as a, next as at, block as b, array_from as bt, hasContext as c, set_hydrating as ct, hydratable_serialization_failed as d, svelte_boundary_reset_noop as dt, svelte_boundary_reset_onerror as et, lifecycle_function_unavailable as f, HYDRATION_ERROR as ft, active_reaction as g, EFFECT_PRESERVED as gt, active_effect as h, DIRTY as ht, get_render_context as i, hydrating as it, get_first_child as j, create_anchor as k, setContext as l, skip_nodes as lt, is_passive_event as m, DESTROYING as mt, render as n, hydrate_next as nt, getAllContexts as o, read_hydration_instruction as ot, escape_html as p, DESTROYED as pt, mark_as_component as q, uneval as r, hydrate_node as rt, getContext as s, set_hydrate_node as st, derived as t, experimental_async_required as tt, ssr_context as u, hydration_mismatch as ut, set_active_effect as v, LEGACY_PROPS as vt, move_effect as w, branch as x, define_property as xt, set_active_reaction as y, safe_not_equal as yt, mutable_source as z };
