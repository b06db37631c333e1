/** JMH benchmarks on durable PostgreSQL, each with its baseline measured in the same run. */
package io.stablerail.bench;
