export class Room {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    return new Response("room");
  }
}
