import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";

export interface OidcProviderArgs {
    /** The issuer URL (`https://token.actions.githubusercontent.com`); IAM holds one provider per URL per account. */
    url: string;
    /** The audiences (`aud` claims) the provider accepts: its client ids. */
    audiences: string[];
    /** @default {} */
    tags?: Record<string, string>;
}

/**
 * Account B: the IAM OIDC identity provider CI roles trust (`Principal.Federated`). No thumbprints are
 * given: IAM verifies the issuer's certificate through its own trusted CAs for providers such as
 * GitHub and GitLab, and fetches the thumbprint itself for the others.
 */
export class OidcProvider extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: OidcProviderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cross-account-iam:index:OidcProvider", name, {}, opts);
        const provider = new iam.OpenIdConnectProvider(
            `${name}-provider`,
            { url: args.url, clientIdLists: args.audiences, tags: args.tags ?? {} },
            // One provider per URL: a replacement must delete the old one first.
            { parent: this, deleteBeforeReplace: true },
        );
        this.arn = provider.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
