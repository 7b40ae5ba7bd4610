/* global db */
// Runs once, when the MongoDB volume is first created (docker-entrypoint-initdb.d), as the root
// user: the service gets a user of its own that can only read and write its database.
const appDb = process.env.MONGO_APP_DATABASE || 'aurastream';
db.getSiblingDB(appDb).createUser({
  user: process.env.MONGO_APP_USERNAME || 'aurastream',
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: 'readWrite', db: appDb }],
});
