module.exports = { v: "legacy" };
