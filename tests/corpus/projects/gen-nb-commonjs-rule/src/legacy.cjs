module.exports = { name: "cjs" };
