/** The table name every stage gets; restapi reads it through this service's outputs. */
exports.tableName = (stage) => `workshop-submissions-${stage}`;
