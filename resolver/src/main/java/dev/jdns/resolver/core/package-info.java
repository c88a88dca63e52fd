/**
 * The resolver's shared vocabulary, below every stage that uses it: the question ({@link Question}), what a stage
 * answers ({@link StepAnswer}), what one client query carries through every stage ({@link ResolutionContext}: its
 * {@link ResolutionBudget} within {@link ResolutionLimits}, and its {@link ResolutionObserver}), the
 * {@link ResolutionEvent}s a resolution reports, where iteration starts ({@link RootHints}) and which sockets it may
 * ask ({@link UpstreamSockets}). It depends on no other resolver package but the cache's value types, so the
 * pipeline ({@code dev.jdns.resolver}), iteration ({@code iterate}) and the observers ({@code observe}) can all use
 * it without depending on one another in a cycle.
 */
package dev.jdns.resolver.core;
