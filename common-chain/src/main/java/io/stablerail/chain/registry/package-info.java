/**
 * The chain registry: every chain StableRail knows (TRON, Ethereum, Arbitrum, Optimism, Base, Polygon; mainnets,
 * their main testnets and the devnets), its tokens with issuer-checked contracts, finality rule, fee model, block
 * time and scan range. A deployment enables some of them and supplies endpoints; anything unknown fails at startup.
 */
package io.stablerail.chain.registry;
