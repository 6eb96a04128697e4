export async function query(db, table, id) {
  const sql = `SELECT * FROM ${table === "users" ? "users" : "teams"} WHERE id = ?`;
  return db.prepare(sql).bind(id).first();
}
