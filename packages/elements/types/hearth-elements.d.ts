// Types of the standalone bundle, `hearth-elements.js`: it registers every element and exports
// what the package's entry exports.
export * from '@hearth/elements';
