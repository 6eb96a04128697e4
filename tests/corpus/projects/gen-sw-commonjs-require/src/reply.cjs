module.exports.reply = () => new Response("cjs");
