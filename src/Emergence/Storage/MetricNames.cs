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
    /// <summary>Pythia: number of hidden-state rows stacked for <see cref="RankMe"/>.</summary>
    public const string RankMeRows = "rankme_rows";

    // Per-example gradients (PROTOCOL §4.2, §4.5).

    /// <summary>Effective rank of the empirical Fisher, all eigenvalues of the gradient Gram.</summary>
    public const string FisherErank = "fisher_erank";
    /// <summary>Effective rank of the empirical Fisher's 20 largest eigenvalues (the paper's analysis).</summary>
    public const string FisherErankTop20 = "fisher_erank_top20";
    /// <summary>Effective rank of the centred per-example gradient covariance, all parameters.</summary>
    public const string GradcovErank = "gradcov_erank";
    /// <summary>Same as <see cref="GradcovErank"/> over the first 50K parameters only (the paper's variant).</summary>
    public const string GradcovErankPrefix50k = "gradcov_erank_prefix50k";

    // Local learning coefficient (PROTOCOL §4.3).

    /// <summary>LLC estimate, mean over chains.</summary>
    public const string Llc = "llc";
    /// <summary>Standard deviation of the LLC estimate over chains.</summary>
    public const string LlcStd = "llc_std";
    /// <summary>L(w*): mean loss at the checkpoint over one batch per chain.</summary>
    public const string LlcInitLoss = "llc_init_loss";
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
    /// <summary>Per-chain LLC estimate (level = chain number).</summary>
    public const string LlcChain = "llc_chain";
    /// <summary>Per-chain mean MALA acceptance (level = chain number).</summary>
    public const string LlcChainMalaAcceptance = "llc_chain_mala_acceptance";
    /// <summary>Per-chain final distance ||w - w*|| (level = chain number).</summary>
    public const string LlcChainFinalDistance = "llc_chain_final_distance";
    /// <summary>Per-chain mean draw loss (level = chain number).</summary>
    public const string LlcChainDrawLoss = "llc_chain_draw_loss";

    // Hessian (PROTOCOL §4.4).

    /// <summary>k-th largest Hessian eigenvalue by Lanczos (level = k).</summary>
    public const string HessianEig = "hessian_eig";
    /// <summary>Power-iteration estimate of the largest-magnitude Hessian eigenvalue.</summary>
    public const string HessianEigPower = "hessian_eig_power";
    /// <summary>Iterations used by the power check.</summary>
    public const string HessianPowerIterations = "hessian_power_iterations";
    /// <summary>Iterations used by Lanczos.</summary>
    public const string HessianLanczosIterations = "hessian_lanczos_iterations";
    /// <summary>Hutchinson estimate of the Hessian trace.</summary>
    public const string HessianTrace = "hessian_trace";
    /// <summary>Standard error of <see cref="HessianTrace"/>.</summary>
    public const string HessianTraceSe = "hessian_trace_se";
    /// <summary>Loss on the fixed Hessian batch.</summary>
    public const string HessianBatchLoss = "hessian_batch_loss";

    // Pythia checkpoints (docs/pythia.md).

    /// <summary>This checkpoint's tensors all equal those of the step given as value.</summary>
    public const string DuplicateOf = "duplicate_of";
    /// <summary>Fraction of tensors byte-identical to the previous checkpoint's.</summary>
    public const string IdenticalTensorFraction = "identical_tensor_fraction";

    // Cost.

    /// <summary>Prefix of <c>cost_seconds.&lt;measure&gt;</c>, the wall time of a measure at a checkpoint.</summary>
    public const string CostSecondsPrefix = "cost_seconds.";

    /// <summary>The name of the wall time of <paramref name="measure"/>: <c>cost_seconds.&lt;measure&gt;</c>.</summary>
    public static string CostSeconds(string measure) => CostSecondsPrefix + measure;
}
