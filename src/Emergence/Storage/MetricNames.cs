namespace Emergence.Storage;

/// <summary>
/// The names of the <see cref="MetricRow"/> values in the run store, one constant per name
/// written or read anywhere. docs/metrics.md documents each (task, level and layer conventions,
/// meaning); a test keeps that table and this class equal, so a rename shows up as a failure.
/// </summary>
public static class MetricNames
{
    // Behaviour on the evaluation set (per task-level), or on a Pythia probe set.

    /// <summary>Exact match of the whole answer including &lt;eos&gt;.</summary>
    public const string Accuracy = "accuracy";
    /// <summary>Mean over items of the summed log-probability of the answer tokens and &lt;eos&gt;.</summary>
    public const string AnswerLogprob = "answer_logprob";
    /// <summary>Mean cross-entropy per scored answer token.</summary>
    public const string AnswerTokenLoss = "answer_token_loss";
    /// <summary>Pythia general text: mean next-token log-probability.</summary>
    public const string TokenLogprob = "token_logprob";

    // Representations (PROTOCOL §4.1).

    /// <summary>RankMe of diagnostic hidden states (Garrido et al. 2023).</summary>
    public const string RankMe = "rankme";
    /// <summary>Effective rank of the squared singular values (Roy and Vetterli 2007).</summary>
    public const string ErankSquared = "erank_sq";
    /// <summary>RankMe of the column-centred hidden states.</summary>
    public const string RankMeCentered = "rankme_centered";
    /// <summary>Participation ratio of the centred covariance's eigenvalues.</summary>
    public const string ParticipationRatio = "participation_ratio";
    /// <summary>Stable rank: squared Frobenius norm over squared spectral norm.</summary>
    public const string StableRank = "stable_rank";
    /// <summary>Power-law exponent of the covariance spectrum (alpha-ReQ, Agrawal et al. 2022).</summary>
    public const string AlphaReq = "alpha_req";
    /// <summary>Number of covariance eigenvalues above the float32 noise floor in that <see cref="AlphaReq"/> fit.</summary>
    public const string AlphaReqFitPoints = "alpha_req_fit_points";
    /// <summary>Number of hidden-state rows stacked for <see cref="RankMe"/>.</summary>
    public const string RankMeRows = "rankme_rows";
    /// <summary>1 where the stacked representation has numerical rank &lt;= 1 (centred variants then not stored).</summary>
    public const string RankMeDegenerate = "rankme_degenerate";
    /// <summary>Which hidden state stands for an example: 0 last prompt token, 1 answer mean, 2 all-position mean.</summary>
    public const string RankMeRepresentation = "rankme_representation";

    // Per-example gradients (PROTOCOL §4.2, §4.5).

    /// <summary>Effective rank of the empirical Fisher, all eigenvalues of the gradient Gram.</summary>
    public const string FisherErank = "fisher_erank";
    /// <summary>Effective rank of the empirical Fisher's 20 largest eigenvalues (the paper's analysis).</summary>
    public const string FisherErankTop20 = "fisher_erank_top20";
    /// <summary>Effective rank of the centred per-example gradient covariance, all parameters.</summary>
    public const string GradcovErank = "gradcov_erank";
    /// <summary>Same as <see cref="GradcovErank"/> over the first 50K parameters only (the paper's variant).</summary>
    public const string GradcovErankPrefix50k = "gradcov_erank_prefix50k";
    /// <summary>Number of per-example gradients behind a task-level's Fisher values.</summary>
    public const string FisherExamples = "fisher_examples";
    /// <summary>Eigenvalues kept by <see cref="FisherErankTop20"/>.</summary>
    public const string FisherTop = "fisher_top";
    /// <summary>k-th largest non-zero eigenvalue of a task-level's empirical Fisher G^T G / N (layer = k).</summary>
    public const string FisherEig = "fisher_eig";
    /// <summary>Number of <see cref="FisherEig"/> rows of a task-level (its non-zero eigenvalues, at most N).</summary>
    public const string FisherEigCount = "fisher_eig_count";
    /// <summary>Trace of a task-level's empirical Fisher: the mean squared per-example gradient norm.</summary>
    public const string FisherTrace = "fisher_trace";
    /// <summary>Parameters P of the model whose Fisher is measured (the Marchenko-Pastur aspect ratio N/P).</summary>
    public const string FisherParameters = "fisher_parameters";
    /// <summary>Number of per-example gradients behind a task-level's gradient-covariance values.</summary>
    public const string GradcovExamples = "gradcov_examples";
    /// <summary>Parameters in the prefix of <see cref="GradcovErankPrefix50k"/>.</summary>
    public const string GradcovPrefixParameters = "gradcov_prefix_parameters";

    // Linear probes (PROTOCOL §4.6).

    /// <summary>Test accuracy of the ridge probe from a layer's state at '=' to the first answer token.</summary>
    public const string ProbeAccuracy = "probe_accuracy";
    /// <summary>Control: the same probe trained on permuted train labels, scored on the true test labels.</summary>
    public const string ProbeAccuracyPermuted = "probe_accuracy_permuted";
    /// <summary>Chance of that probe: frequency of the test split's majority first answer token.</summary>
    public const string ProbeChance = "probe_chance";
    /// <summary>The chosen ridge strength c (alpha = c x mean squared centred feature norm).</summary>
    public const string ProbeRidge = "probe_ridge";
    /// <summary>Examples of a task-level that train its probes.</summary>
    public const string ProbeTrainExamples = "probe_train_examples";
    /// <summary>Examples of a task-level that test its probes.</summary>
    public const string ProbeTestExamples = "probe_test_examples";

    // Local learning coefficient (PROTOCOL §4.3).

    /// <summary>LLC estimate, mean over chains.</summary>
    public const string Llc = "llc";
    /// <summary>Standard deviation of the LLC estimate over chains.</summary>
    public const string LlcStd = "llc_std";
    /// <summary>L(w*): mean loss at the checkpoint over one batch per chain.</summary>
    public const string LlcInitLoss = "llc_init_loss";
    /// <summary>Standard error of <see cref="LlcInitLoss"/> over the batches of its fixed set.</summary>
    public const string LlcInitLossSe = "llc_init_loss_se";
    /// <summary>Size of the fixed set on which L(w*) is estimated.</summary>
    public const string LlcInitLossExamples = "llc_init_loss_examples";
    /// <summary>Standard error of <see cref="Llc"/> from the chains and from L(w*) together.</summary>
    public const string LlcSe = "llc_se";
    /// <summary>The chains' part of <see cref="LlcSe"/>.</summary>
    public const string LlcSeChains = "llc_se_chains";
    /// <summary>The L(w*) part of <see cref="LlcSe"/>.</summary>
    public const string LlcSeInitLoss = "llc_se_init_loss";
    /// <summary>1 when |llc| is below its standard error (not distinguishable from 0) or no error is computable.</summary>
    public const string LlcBelowSe = "llc_below_se";
    /// <summary>1 when the MALA acceptance over draws is below 0.9 (step size too large).</summary>
    public const string LlcLowAcceptance = "llc_low_acceptance";
    /// <summary>Seed of the LLC's batch stream and of the first chain's noise.</summary>
    public const string LlcSeed = "llc_seed";
    /// <summary>Half-width of the bounding box, present only when one was used.</summary>
    public const string LlcBoundingBox = "llc_bounding_box";
    /// <summary>1 when the mean LLC estimate is negative (the estimate is kept).</summary>
    public const string LlcNegative = "llc_negative";
    /// <summary>1 when a chain diverged (the estimate is kept).</summary>
    public const string LlcNonfinite = "llc_nonfinite";
    /// <summary>SGLD setting: the inverse temperature n_beta.</summary>
    public const string LlcNBeta = "llc_nbeta";
    /// <summary>SGLD setting: the step size eps.</summary>
    public const string LlcEpsilon = "llc_epsilon";
    /// <summary>SGLD setting: the localisation strength gamma.</summary>
    public const string LlcGamma = "llc_gamma";
    /// <summary>SGLD setting: the number of chains.</summary>
    public const string LlcChains = "llc_chains";
    /// <summary>SGLD setting: draws per chain after burn-in.</summary>
    public const string LlcDraws = "llc_draws";
    /// <summary>SGLD setting: burn-in steps per chain.</summary>
    public const string LlcBurnIn = "llc_burnin";
    /// <summary>SGLD setting: batch size.</summary>
    public const string LlcBatchSize = "llc_batch_size";
    /// <summary>Mean MALA acceptance probability of the SGLD steps over all chains.</summary>
    public const string LlcMalaAcceptance = "llc_mala_acceptance";
    /// <summary>MALA acceptance over the transitions between draws only (devinterp's convention).</summary>
    public const string LlcMalaAcceptanceDraws = "llc_mala_acceptance_draws";
    /// <summary>Per-chain LLC estimate (level = chain number).</summary>
    public const string LlcChain = "llc_chain";
    /// <summary>Per-chain mean MALA acceptance (level = chain number).</summary>
    public const string LlcChainMalaAcceptance = "llc_chain_mala_acceptance";
    /// <summary>One chain's MALA acceptance over draws only (level = chain).</summary>
    public const string LlcChainMalaAcceptanceDraws = "llc_chain_mala_acceptance_draws";
    /// <summary>Per-chain final distance ||w - w*|| (level = chain number).</summary>
    public const string LlcChainFinalDistance = "llc_chain_final_distance";
    /// <summary>Per-chain mean draw loss (level = chain number).</summary>
    public const string LlcChainDrawLoss = "llc_chain_draw_loss";

    // Hessian (PROTOCOL §4.4).

    /// <summary>k-th largest Hessian eigenvalue by Lanczos (level = k).</summary>
    public const string HessianEig = "hessian_eig";
    /// <summary>True residual ||H y - theta y|| of the k-th Ritz pair (level = k).</summary>
    public const string HessianEigResidual = "hessian_eig_residual";
    /// <summary>1 when that residual is within the Lanczos tolerance (level = k).</summary>
    public const string HessianEigConverged = "hessian_eig_converged";
    /// <summary>Smallest (most negative) Ritz value of the same Lanczos run.</summary>
    public const string HessianEigMin = "hessian_eig_min";
    /// <summary>True residual of <see cref="HessianEigMin"/>.</summary>
    public const string HessianEigMinResidual = "hessian_eig_min_residual";
    /// <summary>Power-iteration estimate of the largest-magnitude Hessian eigenvalue.</summary>
    public const string HessianEigPower = "hessian_eig_power";
    /// <summary>Iterations used by the power check.</summary>
    public const string HessianPowerIterations = "hessian_power_iterations";
    /// <summary>Residual of the power-iteration estimate.</summary>
    public const string HessianPowerResidual = "hessian_power_residual";
    /// <summary>1 when the power check met its tolerance, 0 when its budget ran out.</summary>
    public const string HessianPowerConverged = "hessian_power_converged";
    /// <summary>1 when the power check contradicts the Lanczos extreme beyond their residuals.</summary>
    public const string HessianPowerMismatch = "hessian_power_mismatch";
    /// <summary>Iterations used by Lanczos.</summary>
    public const string HessianLanczosIterations = "hessian_lanczos_iterations";
    /// <summary>1 when every reported eigenvalue converged, 0 when the budget ran out first.</summary>
    public const string HessianLanczosConverged = "hessian_lanczos_converged";
    /// <summary>Relative residual tolerance of the Lanczos run.</summary>
    public const string HessianLanczosTolerance = "hessian_lanczos_tolerance";
    /// <summary>Iteration budget of the Lanczos run.</summary>
    public const string HessianLanczosBudget = "hessian_lanczos_budget";
    /// <summary>Estimate of the Hessian trace (Hutchinson deflated by the Lanczos basis).</summary>
    public const string HessianTrace = "hessian_trace";
    /// <summary>Standard error of <see cref="HessianTrace"/>.</summary>
    public const string HessianTraceSe = "hessian_trace_se";
    /// <summary>Rademacher probes drawn for the trace besides the reused Lanczos products.</summary>
    public const string HessianTraceProbes = "hessian_trace_probes";
    /// <summary>Target standard error of the trace relative to |trace|.</summary>
    public const string HessianTraceTarget = "hessian_trace_target";
    /// <summary>1 when the trace met its target, 0 when the probe budget ran out first.</summary>
    public const string HessianTraceTargetMet = "hessian_trace_target_met";
    /// <summary>Loss on the fixed Hessian batch.</summary>
    public const string HessianBatchLoss = "hessian_batch_loss";
    /// <summary>Examples in the fixed Hessian batch.</summary>
    public const string HessianBatchSize = "hessian_batch_size";

    // Loss landscape between checkpoints (docs/analysis.md).

    /// <summary>Linear-interpolation loss barrier from the previous checkpoint with weights to this one.</summary>
    public const string LossBarrier = "loss_barrier";
    /// <summary>The interpolation weight alpha at the barrier's maximum.</summary>
    public const string LossBarrierAlpha = "loss_barrier_alpha";
    /// <summary>Step of the checkpoint the barrier's path starts from.</summary>
    public const string LossBarrierFrom = "loss_barrier_from";

    // Pythia checkpoints (docs/pythia.md).

    /// <summary>This checkpoint's tensors all equal those of the step given as value.</summary>
    public const string DuplicateOf = "duplicate_of";
    /// <summary>Fraction of tensors byte-identical to the previous checkpoint's.</summary>
    public const string IdenticalTensorFraction = "identical_tensor_fraction";
    /// <summary>Hessian spectral density (SLQ): Ritz value i of the pooled quadrature (level = i).</summary>
    public const string HessianSlqNode = "hessian_slq_node";
    /// <summary>Its weight (squared first eigenvector component / starts; level = i; they sum to 1).</summary>
    public const string HessianSlqWeight = "hessian_slq_weight";
    /// <summary>n x sum of weight x node: the density's trace estimate.</summary>
    public const string HessianSlqTrace = "hessian_slq_trace";
    /// <summary>Sum of the weights of negative nodes: estimated fraction of negative eigenvalues.</summary>
    public const string HessianSlqNegativeMass = "hessian_slq_negative_mass";
    /// <summary>Random starts (n_v) of the density.</summary>
    public const string HessianSlqStarts = "hessian_slq_starts";
    /// <summary>Lanczos steps per start (m) of the density.</summary>
    public const string HessianSlqSteps = "hessian_slq_steps";
    /// <summary>Parameters the Hessian, the density and the gradient covariance are taken over.</summary>
    public const string CurvatureParameters = "curvature_parameters";
    /// <summary>Predicted tokens in the fixed probe batch.</summary>
    public const string ProbeBatchTokens = "probe_batch_tokens";
    /// <summary>L2 norm of the parameters of a layer group (layer -1: all).</summary>
    public const string ParamNorm = "param_norm";
    /// <summary>||w_t - w_prev|| of a layer group (layer -1: all), w_prev the previous measured checkpoint.</summary>
    public const string ParamUpdateNorm = "param_update_norm";
    /// <summary>||w_t - w_prev|| / ||w_prev|| of a layer group (layer -1: all).</summary>
    public const string ParamUpdateRelative = "param_update_relative";
    /// <summary>Step of w_prev.</summary>
    public const string ParamUpdateFrom = "param_update_from";

    // Cost.

    /// <summary>Prefix of <c>cost_seconds.&lt;measure&gt;</c>, the wall time of a measure at a checkpoint.</summary>
    public const string CostSecondsPrefix = "cost_seconds.";

    /// <summary>The name of the wall time of <paramref name="measure"/>: <c>cost_seconds.&lt;measure&gt;</c>.</summary>
    public static string CostSeconds(string measure) => CostSecondsPrefix + measure;

    /// <summary>Wall time of the training steps since the previous checkpoint (none at step 0).</summary>
    public const string TrainingCost = CostSecondsPrefix + "training";

    /// <summary>Wall time of a checkpoint's evaluation and of saving its weights and trainer state (its measures apart).</summary>
    public const string CheckpointCost = CostSecondsPrefix + "checkpoint";
}
