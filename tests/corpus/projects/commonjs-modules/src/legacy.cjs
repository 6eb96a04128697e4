module.exports = {
  greet(name) {
    return "hello " + name;
  },
};
